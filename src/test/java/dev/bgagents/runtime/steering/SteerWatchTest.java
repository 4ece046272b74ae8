package dev.bgagents.runtime.steering;

import dev.bgagents.agents.custom.TextOutputParser;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.RelayInfo;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.process.Ending;
import dev.bgagents.process.RunningJob;
import dev.bgagents.project.JobDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** When the server stops a running agent to steer it: at the next turn boundary after the message, or at once. */
class SteerWatchTest {
    private static final String TOOL_RESULT = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":"
            + "[{\"tool_use_id\":\"t1\",\"type\":\"tool_result\",\"content\":\"ok\"}]}}\n";
    private static final String TOOL_USE = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\"}]}}\n";

    @TempDir
    Path dir;
    private final List<Ending> stops = new ArrayList<>();
    private String cli = "claude";
    private final SteerWatch watch = new SteerWatch(a -> cli, (a, how) -> stops.add(how));

    private RunningJob job() throws Exception {
        JobDir files = new JobDir(Files.createDirectories(dir.resolve("claude-aaaaaa")));
        Files.writeString(files.stdout(), TOOL_USE + TOOL_RESULT); // boundaries before any message
        Job job = new Job(JobFixtures.spec("claude-aaaaaa").build(), JobState.queued().running(1, 1, Instant.now()),
                null, null);
        return new RunningJob(job, null, files, new TextOutputParser());
    }

    private static ChannelDir channel(RunningJob a) {
        return ChannelDir.of(a.files().dir());
    }

    private static InboxMessage message(InboxMessage.Kind kind, String text) {
        return new InboxMessage(ChannelDir.newId(), kind, text, "test", Instant.now());
    }

    private static void prints(RunningJob a, String lines) throws Exception {
        Files.writeString(a.files().stdout(), lines, StandardOpenOption.APPEND);
    }

    @Test
    void aMessageWaitsForTheNextBoundaryAndNotOneBeforeIt() throws Exception {
        RunningJob a = job();
        InboxMessage m = message(InboxMessage.Kind.MESSAGE, "use tabs");
        channel(a).send(m);
        watch.pass(List.of(a));
        prints(a, TOOL_USE);
        watch.pass(List.of(a));
        assertEquals(List.of(), stops, "no boundary since the message came: the call is still running");

        prints(a, TOOL_RESULT.substring(0, 20));
        watch.pass(List.of(a));
        assertEquals(List.of(), stops, "half a line is no boundary");
        prints(a, TOOL_RESULT.substring(20));
        watch.pass(List.of(a));
        assertEquals(List.of(Ending.steer("stopped at a turn boundary to take a steering message")), stops);
        SteerIntent intent = SteerIntent.of(channel(a)).orElseThrow();
        assertEquals(m.id(), intent.messageId());
        assertEquals(List.of(m), channel(a).waiting(), "the message is taken by the resume, not by the stop");
    }

    @Test
    void anInterruptStopsAtOnce() throws Exception {
        RunningJob a = job();
        channel(a).send(message(InboxMessage.Kind.INTERRUPT, null));
        watch.pass(List.of(a));
        assertEquals(List.of(Ending.steer("interrupted")), stops);
        assertEquals(InboxMessage.Kind.INTERRUPT, SteerIntent.of(channel(a)).orElseThrow().kind());
    }

    @Test
    void aCliWithNoKnownBoundaryIsStoppedAtOnce() throws Exception {
        cli = "custom";
        RunningJob a = job();
        channel(a).send(message(InboxMessage.Kind.MESSAGE, "use tabs"));
        watch.pass(List.of(a));
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).reason().contains("no turn boundary known"));
    }

    @Test
    void aRelayThatSteersLiveIsLeftToIt() throws Exception {
        RunningJob a = job();
        channel(a).writeRelay(new RelayInfo(1, "claude", true, true, true));
        channel(a).send(message(InboxMessage.Kind.INTERRUPT, null));
        watch.pass(List.of(a));
        assertEquals(List.of(), stops);
        assertTrue(SteerIntent.of(channel(a)).isEmpty());

        channel(a).writeRelay(new RelayInfo(1, "claude", true, false, false)); // approvals only
        watch.pass(List.of(a));
        assertEquals(1, stops.size());
    }

    @Test
    void aJobBeingEndedIsLeftAlone() throws Exception {
        RunningJob a = job();
        a.end(Ending.NATURAL);
        channel(a).send(message(InboxMessage.Kind.INTERRUPT, null));
        watch.pass(List.of(a));
        assertEquals(List.of(), stops);
        assertTrue(SteerIntent.of(channel(a)).isEmpty(), "no steer on record for a job ended otherwise");
    }
}
