package dev.bgagents.it;

import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** cancel and the limits: whatever a job started is gone afterwards, checked in /proc. */
class ProcessControlIT {
    /**
     * Where the stand-in writes the pids of what it started for these tests to look up: unconfined, as a
     * sandboxed agent's pids are its pid namespace's (AgentSandboxIT kills a sandboxed agent's escapees).
     */
    private static final Map<String, Object> UNCONFINED = Map.of("permissions", "full");


    @Test
    void cancelKillsAnAgentThatIgnoresSigterm(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:ignore-term", Map.of());
            awaitRunningWithOutput(h, id);
            assertFalse(h.survivors().isEmpty(), "the agent should be running");
            var r = h.call("cancel_job", Map.of("job_id", id));
            assertEquals("cancelled", structured(r).get("status"), text(r));
            assertTrue(text(r).contains("SIGKILL"), text(r));
            assertEquals(List.of(), h.survivors());
            // a second cancel changes nothing and says so
            var again = h.call("cancel_job", Map.of("job_id", id));
            assertTrue(text(again).contains("already ended"), text(again));
        }
    }

    @Test
    void cancelKillsGrandchildrenInTheGroupAndOnesThatLeftIt(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:grandchild", UNCONFINED);
            awaitFile(dir.resolve("escaped.pid"));
            awaitFile(dir.resolve("grandchild.pid"));
            long grandchild = Long.parseLong(Files.readString(dir.resolve("grandchild.pid")).strip());
            long escaped = Long.parseLong(Files.readString(dir.resolve("escaped.pid")).strip());
            assertTrue(ServerHarness.running(grandchild) && ServerHarness.running(escaped));
            var r = h.call("cancel_job", Map.of("job_id", id));
            assertEquals("cancelled", structured(r).get("status"));
            assertEquals(List.of(), h.survivors());
            assertFalse(ServerHarness.running(grandchild), "grandchild in the group survived");
            assertFalse(ServerHarness.running(escaped), "grandchild in its own session survived");
        }
    }

    @Test
    void theWallClockLimitEndsABusyJobAsTimedOut(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:tick=60", Map.of("timeout_minutes", 0.05));
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("timed_out", job.get("status"));
            assertTrue(((String) job.get("last_activity")).contains("wall-clock limit of 3 s"), job.toString());
            assertTrue(((Number) job.get("elapsed_seconds")).intValue() < 10);
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void theStallLimitEndsASilentJobAsTimedOut(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:hang", Map.of("stall_minutes", 0.04));
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("timed_out", job.get("status"));
            assertTrue(((String) job.get("last_activity")).contains("stalled: no output for 2 s"), job.toString());
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void processesAnAgentLeavesBehindAreStoppedAndTheJobSaysSo(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:leave-behind", UNCONFINED);
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"));
            assertTrue(((String) job.get("last_activity")).contains("left processes behind: 1 process stopped"),
                    job.toString());
            long left = Long.parseLong(Files.readString(dir.resolve("left.pid")).strip());
            assertFalse(ServerHarness.running(left));
            assertEquals(List.of(), h.survivors());
        }
    }

    /** The pids MODE:escape wrote: sleepers that left the job's session and group, re-parented to init. */
    private static List<Long> escaped(Path dir) throws Exception {
        Path pids = dir.resolve("escaped.pids");
        Await.until("three escaped pids", Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(pids) && Files.readAllLines(pids).size() >= 3;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
    }

    @Test
    void processesThatLeftTheJobsSessionAreStoppedWhenItEnds(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:escape", UNCONFINED);
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"));
            List<Long> pids = escaped(dir);
            assertTrue(((String) job.get("last_activity")).contains("left processes behind: 3 processes stopped"),
                    job.toString());
            for (long pid : pids) {
                assertFalse(ServerHarness.running(pid), pid + " outlived the job: " + pids);
            }
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void cancelStopsProcessesThatLeftTheJobsSession(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:escape-hang", UNCONFINED);
            List<Long> pids = escaped(dir);
            for (long pid : pids) {
                assertTrue(ServerHarness.running(pid), pid + " should be running");
            }
            var r = h.call("cancel_job", Map.of("job_id", id));
            assertEquals("cancelled", structured(r).get("status"), text(r));
            for (long pid : pids) {
                assertFalse(ServerHarness.running(pid), pid + " outlived cancel_job: " + text(r));
            }
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void aQueuedJobCancelledNeverStarts(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 1").start()) {
            String running = h.spawn("MODE:sleep=3", Map.of());
            String queued = h.spawn("write never.txt", Map.of());
            var r = h.call("cancel_job", Map.of("job_id", queued));
            assertEquals("cancelled", structured(r).get("status"));
            assertEquals("succeeded", h.awaitEnd(running).get("status"));
            Await.holds("the cancelled job never starts", Duration.ofMillis(500),
                    () -> !Files.exists(dir.resolve("never.txt")));
            assertFalse(Files.exists(dir.resolve("never.txt")));
            assertFalse(Files.exists(h.jobDir(queued).resolve("stdout.log")));
        }
    }

    static void awaitRunningWithOutput(ServerHarness h, String id) {
        Path out = h.jobDir(id).resolve("stdout.log");
        Await.until(id + " prints something", Duration.ofSeconds(5), () -> {
            try {
                return Files.size(out) > 0;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }

    static void awaitFile(Path p) throws Exception {
        // the stand-in writes a pid and its newline at once
        Await.until(p + " holds a pid", Duration.ofSeconds(5), () -> {
            try {
                return Files.exists(p) && Files.readString(p).endsWith("\n");
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        assertTrue(Files.exists(p), p + " never appeared");
    }
}
