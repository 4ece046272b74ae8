package dev.bgagents.orchestration.steering;

import dev.bgagents.Await;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.RelayInfo;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.project.StateFiles;
import dev.bgagents.runtime.steering.SteerIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The round after the server stopped an agent to steer it: which messages it takes, what the agent is
 * told when it goes on, and when a stop is an interrupt that ends the job instead. The stop is put on
 * record as the steer watch does ({@code channel/steer.json}), the messages in the job's inbox; a relay
 * that steers live keeps the watch itself out, so what the round's end finds is exactly what the test wrote.
 */
class SteerStepTest extends EngineTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TASK = "write hello.txt";

    /**
     * {@code inbox}: the messages waiting when the round ends, "kind:text" separated by " / " ("-": none; an
     * interrupt with no text is "interrupt:"); {@code told}: what the resumed agent is told after the task
     * ("go on": the plain go-on; "cancelled": no next round, the job ends cancelled).
     */
    @ParameterizedTest(name = "stopped for {0}, inbox [{1}]: {2}")
    @CsvSource(delimiter = '|', value = {
            "message | message:use tabs | use tabs",
            "message | message:use tabs / message:and update the docs | use tabs\\n\\nand update the docs",
            "message | message:  / message:only this | only this",
            "interrupt | interrupt:stop, then use tabs | stop, then use tabs",
            "interrupt | interrupt: | cancelled",
            "interrupt | interrupt: / message:use tabs | use tabs",
            "interrupt | - | cancelled",
            "message | - | go on",
    })
    void theRoundAfterASteerTakesEveryWaitingMessageOrEndsTheJobOnABareInterrupt(String stoppedFor, String inbox,
                                                                                  String told) throws Exception {
        String id = f.spawn(SpawnRequest.prompt(TASK));
        long pid = f.agentPid(id);
        ChannelDir channel = ChannelDir.of(f.engine.store().files(id).dir());
        channel.writeRelay(new RelayInfo(1, "agent", false, true, false));
        List<String> ids = new ArrayList<>();
        if (!inbox.equals("-")) {
            for (String m : inbox.split(" / ")) {
                String[] kt = m.split(":", 2);
                InboxMessage sent = new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.valueOf(kt[0].toUpperCase()),
                        kt[1].isEmpty() ? null : kt[1], "host", Instant.now());
                channel.send(sent);
                ids.add(sent.id());
            }
        }
        Files.createDirectories(channel.dir());
        Files.write(channel.stopFile(), StateFiles.json().writeValueAsBytes(new SteerIntent(ids.isEmpty() ? null : ids.get(0),
                InboxMessage.Kind.valueOf(stoppedFor.toUpperCase()), Instant.now(), Instant.now())));
        f.processes.exit(pid, "stopped\n", 0);

        if (told.equals("cancelled")) {
            Job ended = f.awaitEnd(id);
            assertEquals(JobStatus.CANCELLED, ended.status());
            assertEquals(SteerStep.INTERRUPTED, ended.state().reason());
            assertEquals(1, f.processes.launched().size(), "no next round");
        } else {
            long next = Await.value("the next round runs", WAIT, () -> f.job(id).state().pid(),
                    p -> p != pid && p > 0 && f.processes.alive(p));
            Job running = f.job(id);
            assertEquals(JobStatus.RUNNING, running.status());
            String expected = told.equals("go on") ? SteerPrompt.goOn() : SteerPrompt.render(told.replace("\\n", "\n"));
            Path promptFile = f.engine.store().files(id).dir().resolve("steer-1.md");
            assertTrue(Files.readString(promptFile).endsWith(expected), Files.readString(promptFile));
            // the agent's input: a CLI without sessions starts afresh, so it is given its task again
            String input = Files.readString(f.processes.spec(next).stdin());
            assertTrue(input.startsWith(TASK), "the task first: " + input);
            assertTrue(input.endsWith(expected), input);
            // the step is on record as ended once the round it started runs
            StepRecord steer = Await.value("the steer step on record", WAIT, () -> f.job(id).state().steps().stream()
                    .filter(s -> s.name().equals(StepRecord.STEER)).reduce((a, b) -> b).orElse(null),
                    s -> s != null && s.outcome() != null);
            assertEquals(StepRecord.STEERED, steer.outcome());
            assertTrue(steer.detail().startsWith("round 1: "), steer.detail());
            ids.forEach(m -> assertTrue(steer.detail().contains(m), "the record names each message taken: " + steer.detail()));
            assertEquals(JobStatus.SUCCEEDED, f.agentExits(id, "done\n", 0).status(), "the same job goes on to its end");
        }
        assertEquals(List.of(), channel.waiting(), "every message was taken");
        assertFalse(SteerIntent.of(channel).isPresent(), "the stop is off the record: a later end is no steer");
    }

    @Test
    void anAgentWithASessionIsResumedInItAndToldTheMessageAlone() throws Exception {
        String id = f.spawn(SpawnRequest.prompt(TASK).provider("claude"));
        long pid = f.agentPid(id);
        ChannelDir channel = ChannelDir.of(f.engine.store().files(id).dir());
        channel.writeRelay(new RelayInfo(1, "claude", false, true, false));
        InboxMessage m = new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE, "use tabs", "host", Instant.now());
        channel.send(m);
        Files.write(channel.stopFile(), StateFiles.json().writeValueAsBytes(new SteerIntent(m.id(),
                InboxMessage.Kind.MESSAGE, Instant.now(), Instant.now())));
        f.processes.exit(pid, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"sess-1\"}\n", 143);
        long next = Await.value("the next round runs", WAIT, () -> f.job(id).state().pid(),
                p -> p != pid && p > 0 && f.processes.alive(p));
        List<String> argv = f.processes.spec(next).argv();
        int resume = argv.indexOf("--resume");
        assertTrue(resume >= 0 && argv.get(resume + 1).equals("sess-1"), "resumed in its session: " + argv);
        String told = Files.readString(f.engine.store().files(id).dir().resolve("steer-1.md"));
        assertEquals(SteerPrompt.render("use tabs"), told, "its session has the task: the message alone");
        assertFalse(String.join(" ", argv).contains(TASK), argv.toString());
    }
}
