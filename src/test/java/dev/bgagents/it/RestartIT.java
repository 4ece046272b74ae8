package dev.bgagents.it;

import dev.bgagents.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** kill -9 of the server mid-job, then a new server on the same project finds the result. */
class RestartIT {

    @Test
    void aJobStillRunningAfterTheServerIsKilledIsReattachedAndFinishes(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // long enough to outlast a restart on a loaded machine (3.5-3.9 s seen at load 8 on 2 cores)
            String id = h.spawn("MODE:sleep=8", Map.of());
            ProcessControlIT.awaitRunningWithOutput(h, id);
            h.killServerHard();
            assertFalse(h.survivors().isEmpty(), "the agent must outlive its server");

            h.start();
            var listing = h.call("job_status", Map.of("job_ids", List.of(id)));
            assertTrue(text(listing).contains(id + " running"), text(listing));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(text(h.call("read_summary", Map.of("job_id", id))).contains("Slept as asked."));
        }
    }

    @Test
    void aJobWaitingForAnotherSurvivesTheServerAndStartsOnItsWorkAfterwards(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // long enough that the restart below (seconds on a loaded machine) comes before it ends
            String first = h.spawn("MODE:sleep=8", Map.of("worktree", true));
            var second = h.call("spawn_agent", Map.of("prompt", "write after.txt", "depends_on", List.of(first)));
            String secondId = (String) ServerHarness.structured(second).get("job_id");
            ProcessControlIT.awaitRunningWithOutput(h, first);
            h.killServerHard();

            h.start();
            var listing = h.call("job_status", Map.of("job_ids", List.of(secondId)));
            assertTrue(text(listing).contains(secondId + " queued") && text(listing).contains("after " + first),
                    text(listing));
            assertEquals("succeeded", h.awaitEnd(first).get("status"));
            assertEquals("succeeded", h.awaitEnd(secondId).get("status"));
        }
    }

    @Test
    void aJobThatEndedWhileTheServerWasDownIsFinalizedFromItsExitRecord(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:sleep=1", Map.of());
            ProcessControlIT.awaitRunningWithOutput(h, id);
            h.killServerHard();
            Path exit = h.jobDir(id).resolve("exit");
            Await.until("the agent exits on its own", Duration.ofSeconds(10), () -> Files.exists(exit));
            assertEquals("0", Files.readString(exit).strip());
            assertEquals("running", new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile())
                    .path("state").path("status").asText(), "nobody was there to record the end");

            Thread.sleep(3000); // the next server comes later: the end is still when the agent exited
            java.time.Instant exited = Files.getLastModifiedTime(exit).toInstant();
            h.start();
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(Files.readString(h.jobDir(id).resolve("summary.md")).contains("Slept as asked."));
            java.time.Instant ended = java.time.Instant.parse(new ObjectMapper().readTree(
                    h.jobDir(id).resolve("job.json").toFile()).path("state").path("ended_at").asText());
            assertEquals(exited, ended, "the end is the exit record's time, not when a server noticed it");
        }
    }

    @Test
    void aJobKilledWhileTheServerWasDownIsLost(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:hang", Map.of());
            ProcessControlIT.awaitRunningWithOutput(h, id);
            h.killServerHard();
            for (long pid : h.survivors()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Await.until("the agent is gone", Duration.ofSeconds(5), () -> h.survivors().isEmpty());
            h.start();
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("lost", job.get("status"));
            assertTrue(((String) job.get("last_activity")).contains("without an exit record"), job.toString());
        }
    }
}
