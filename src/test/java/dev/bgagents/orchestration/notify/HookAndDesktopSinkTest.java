package dev.bgagents.orchestration.notify;

import dev.bgagents.agents.Credentials;
import dev.bgagents.process.FakeProcesses;
import dev.bgagents.process.ProcessControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hook command and the desktop notification: how they are started, with what, and what their exit means. */
class HookAndDesktopSinkTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path project;
    private Outbox outbox;
    private final NotifyEvent event = new NotifyEvent("job_ended-claude-aaaaaa", "job_ended", "claude-aaaaaa",
            "succeeded", "claude-aaaaaa succeeded: \"; do shell script \"rm -rf ~\"", "/work/repo", null,
            Instant.parse("2026-12-01T10:00:31Z"));

    private void setUp() throws IOException {
        project = Files.createDirectories(dir.resolve("project")).toRealPath();
        outbox = new Outbox(project.resolve(".context/notify"));
        outbox.add(event);
    }

    private Path script(String relative, String body) throws IOException {
        Path s = project.resolve(relative);
        Files.createDirectories(s.getParent());
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private HookSink hook(List<String> command, ProcessControl processes) {
        return new HookSink(command, LIMIT, new ShortCommand(processes, project), outbox, project);
    }

    @ParameterizedTest(name = "hook exits {0}: delivered={1}")
    @CsvSource({"0, true, hook exited 0", "1, false, hook exited 1", "3, false, hook exited 3"})
    void aHookIsDeliveredWhenItExitsZeroAndOtherwiseNotRunAgain(int code, boolean delivered, String said) throws Exception {
        setUp();
        Path s = script("hooks/exit.sh", "cat > /dev/null\nexit " + code);
        Sink.Attempt a = hook(List.of(s.toString()), ProcessControl.forThisSystem()).deliver(event);
        assertEquals(delivered, a.delivered());
        assertFalse(a.retry(), "a failing script is not tried again");
        assertEquals(said, a.said());
    }

    @Test
    void theHookRunsInTheProjectWithTheEventOnItsStdinAndItsArgumentsAsConfigured() throws Exception {
        setUp();
        Path seen = dir.resolve("seen");
        Files.createDirectories(seen);
        // a relative program is the project's, whatever the server's own directory
        script("hooks/notify.sh", "cat > \"$1/stdin\"\npwd -P > \"$1/pwd\"\nprintf %s \"$BG_AGENTS_JOB\" > \"$1/tag\"\n"
                + "printf '%s|' \"$@\" > \"$1/args\"");
        HookSink sink = hook(List.of("./hooks/notify.sh", seen.toString(), "two words"), ProcessControl.forThisSystem());
        assertTrue(sink.cannotWorkHere().isEmpty(), sink.cannotWorkHere().toString());
        Sink.Attempt a = sink.deliver(event);
        assertTrue(a.delivered(), a.toString());
        assertEquals(event.json(), Files.readString(seen.resolve("stdin")));
        assertEquals(project.toString(), Files.readString(seen.resolve("pwd")).strip());
        assertEquals("notify-job_ended-claude-aaaaaa.hook-run", Files.readString(seen.resolve("tag")));
        assertEquals(seen + "|two words|", Files.readString(seen.resolve("args")), "arguments pass as a vector, unsplit");
        assertTrue(Files.exists(outbox.dir().resolve("job_ended-claude-aaaaaa.hook-run.exit")), "its exit recorded beside the event");
    }

    @Test
    void theHookIsStartedTaggedWithoutTheServersSecretVariables() throws Exception {
        setUp();
        FakeProcesses fake = new FakeProcesses();
        Path s = script("hooks/notify.sh", "exit 0");
        hook(List.of(s.toString()), fake).deliver(event);
        ProcessControl.LaunchSpec spec = fake.spec(fake.launched().get(0));
        assertEquals(List.of(s.toString()), spec.argv());
        assertEquals(project, spec.workdir());
        assertEquals(outbox.eventFile(event.id()), spec.stdin());
        assertEquals(Map.of(ProcessControl.JOB_TAG, "notify-job_ended-claude-aaaaaa.hook-run"), spec.env());
        assertEquals(Credentials.secretNames(System.getenv()), spec.unsetEnv(), "no secret-named variable reaches the hook");
        assertEquals(List.of(fake.launched().get(0)), fake.killed, "whatever it left running is stopped with its group");
    }

    @Test
    void aHookThatIsNotThereIsToldByDoctorAndNeverStarted() throws Exception {
        setUp();
        FakeProcesses fake = new FakeProcesses();
        HookSink sink = hook(List.of("./hooks/missing.sh"), fake);
        assertEquals("./hooks/missing.sh is not an executable file here", sink.cannotWorkHere().orElseThrow());
        Sink.Attempt a = sink.deliver(event);
        assertFalse(a.delivered() || a.retry());
        assertEquals("./hooks/missing.sh is not an executable file", a.said());
        assertEquals(List.of(), fake.launched());
    }

    @ParameterizedTest(name = "on {0}")
    @CsvSource({"Linux, notify-send", "Mac OS X, osascript"})
    void theDesktopIsToldWithTheTextAsArgumentsNeverAsScript(String os, String program) throws Exception {
        setUp();
        FakeProcesses fake = new FakeProcesses();
        Sink.Attempt a = new DesktopSink(new ShortCommand(fake, project), outbox.dir(), os).deliver(event);
        List<String> argv = fake.spec(fake.launched().get(0)).argv();
        List<String> expected = program.equals("osascript")
                ? List.of("osascript", "-e", "on run argv", "-e",
                "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run",
                "bg-agents: job ended", event.outcome())
                : List.of("notify-send", "--app-name=bg-agents", "--", "bg-agents: job ended", event.outcome());
        assertEquals(expected, argv);
        // the fake process leaves no exit status: not shown, and not tried again
        assertFalse(a.delivered() || a.retry());
        assertEquals(program + " ended without an exit status", a.said());
    }

    @Test
    void aDesktopCommandThatCannotStartIsGivenUpSayingWhy() throws Exception {
        setUp();
        FakeProcesses fake = new FakeProcesses();
        fake.failLaunch = new IOException("no such program");
        Sink.Attempt a = new DesktopSink(new ShortCommand(fake, project), outbox.dir(), "Linux").deliver(event);
        assertFalse(a.delivered() || a.retry());
        assertEquals("notify-send could not start: no such program", a.said());
    }
}
