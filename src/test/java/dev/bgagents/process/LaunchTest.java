package dev.bgagents.process;

import dev.bgagents.Await;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Both implementations start a real job and stop it, with /proc as the witness: the leader heads
 * a group of its own (and, on Linux, a session), output and exit status land in their files,
 * the job is found by its tag alone, and a kill leaves nothing of the job alive.
 */
@org.junit.jupiter.api.condition.EnabledOnOs(value = org.junit.jupiter.api.condition.OS.LINUX,
        disabledReason = "Linux only: /proc is the independent witness (and the Linux implementation is under test)")
class LaunchTest {
    static List<ProcessControl> implementations() {
        return List.of(ProcessControl.linux(), ProcessControl.portable());
    }

    private static ProcessControl.LaunchSpec spec(Path dir, String id, String script) {
        return new ProcessControl.LaunchSpec(List.of("sh", "-c", script), dir, null, dir.resolve("stdout.log"),
                dir.resolve("stderr.log"), dir.resolve("exit"), Map.of(ProcessControl.JOB_TAG, id), List.of());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aJobLeadsItsOwnGroupWritesItsFilesAndRecordsItsExit(ProcessControl c, @TempDir Path dir) throws Exception {
        ProcessControl.Launched l = c.launch(spec(dir, "claude-00aa01", "echo out; echo err >&2; exit 7"));
        assertTrue(l.startTicks() > 0 || !Files.exists(Path.of("/proc/" + l.pid())), c.name());
        l.process().waitFor();
        Await.until("its exit is recorded", Duration.ofSeconds(2), () -> Files.exists(dir.resolve("exit")));
        assertEquals("7\n", Files.readString(dir.resolve("exit")), c.name());
        assertEquals("out\n", Files.readString(dir.resolve("stdout.log")), c.name());
        assertEquals("err\n", Files.readString(dir.resolve("stderr.log")), c.name() + ": the starter's own notes stay out");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aJobIsFoundByItsTagAndKilledWithEverythingItStarted(ProcessControl c, @TempDir Path dir) throws Exception {
        String id = c.name().equals("linux") ? "claude-00aa02" : "claude-00aa03";
        ProcessControl.Launched l = c.launch(spec(dir, id, "sleep 60 & sleep 60 & wait"));
        try {
            killed(c, l, id);
        } finally {
            c.kill(l.pid(), l.startTicks(), id, Duration.ZERO);
        }
    }

    private static void killed(ProcessControl c, ProcessControl.Launched l, String id) throws Exception {
        Await.until("its children start", Duration.ofSeconds(2), () -> ProcessFs.descendantsOf(l.pid()).size() >= 3);
        ProcessList.Proc leader = ProcFs.INSTANCE.read(l.pid()).orElseThrow();
        assertEquals(leader.pid(), leader.pgrp(), c.name() + ": the leader heads its group");
        assertNotEquals(ProcFs.INSTANCE.read(ProcessHandle.current().pid()).orElseThrow().pgrp(), leader.pgrp());
        if (c.name().equals("linux")) {
            assertEquals(leader.pid(), leader.session(), "setsid: a session of its own");
        }
        assertEquals(l.pid(), c.find(id).orElseThrow().pid(), c.name() + ": found by the tag alone");
        assertTrue(c.isAlive(l.pid(), l.startTicks()));

        List<Long> children = ProcessFs.descendantsOf(l.pid());
        assertEquals(3, children.size(), c.name() + ": sh and its two sleeps");
        KillOutcome k = c.kill(l.pid(), l.startTicks(), id, Duration.ofSeconds(5));
        assertEquals(List.of(), k.survivors(), c.name());
        assertEquals(0, k.forced(), c.name() + ": sleep and sh end on SIGTERM");
        assertTrue(k.terminated() >= 3, c.name() + ": " + k);
        for (long pid : children) {
            assertTrue(ProcFs.INSTANCE.read(pid).map(p -> !p.alive()).orElse(true), c.name() + ": child " + pid);
        }
        assertFalse(c.isAlive(l.pid(), l.startTicks()));
        assertTrue(l.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the starter ends with the job");
    }

    /** The /proc witness's view of descendants, independent of either implementation's own search. */
    static final class ProcessFs {
        static List<Long> descendantsOf(long pid) {
            return ProcessList.descendants(ProcFs.INSTANCE.all(), pid).stream().map(ProcessList.Proc::pid).toList();
        }
    }
}
