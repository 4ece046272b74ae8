package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.JobDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two servers on one project, in one process: each with its own store over the same directory,
 * holding jobs through one shared table (an OS lock does the same across processes).
 */
class CoordinationTest {
    @TempDir
    Path dir;

    /** Who holds which job, shared by the servers of a test. */
    static final class Table {
        final Map<String, String> holder = new ConcurrentHashMap<>();

        Owners as(String server) {
            return new Owners() {
                @Override
                public boolean acquire(String id, JobDir jobDir) {
                    return holder.computeIfAbsent(id, k -> server).equals(server);
                }

                @Override
                public boolean owns(String id) {
                    return server.equals(holder.get(id));
                }

                @Override
                public void release(String id) {
                    holder.remove(id, server);
                }
            };
        }
    }

    private final Table table = new Table();

    private JobStore store() throws Exception {
        JobStore s = new JobStore(dir.resolve("jobs"));
        s.load();
        return s;
    }

    @Test
    void aJobIsRunByTheServerThatHoldsItAndTheOtherFollowsItsRecord() throws Exception {
        JobStore a = store();
        JobStore b = store();
        Coordination ca = new Coordination(a, table.as("a"));
        Coordination cb = new Coordination(b, table.as("b"));
        Job job = a.create(JobFixtures.spec("claude-000001").build(), "p", null);
        assertTrue(ca.claim(job));
        Coordination.Look look = cb.look();
        assertEquals(List.of(), look.adopted(), "a live holder keeps it");
        assertEquals(JobStatus.QUEUED, b.get(job.id()).orElseThrow().status(), "b reads it in from disk");
        a.updateState(job.id(), s -> s.running(7, 70, Instant.now()));
        cb.look();
        assertEquals(JobStatus.RUNNING, b.get(job.id()).orElseThrow().status(), "and follows its record");
    }

    @Test
    void theJobsOfAServerThatIsGoneAreTakenOver() throws Exception {
        JobStore a = store();
        JobStore b = store();
        Coordination ca = new Coordination(a, table.as("a"));
        Coordination cb = new Coordination(b, table.as("b"));
        Job queued = a.create(JobFixtures.spec("claude-000001").build(), "p", null);
        Job ended = a.create(JobFixtures.spec("claude-000002").build(), "p", null);
        ca.claim(queued);
        ca.claim(ended);
        a.end(ended.id(), ended.state().ended(JobStatus.SUCCEEDED, 0, null, Instant.now()), null, null);
        // server a dies: the kernel drops its locks
        table.holder.clear();
        Coordination.Look look = cb.look();
        assertEquals(List.of("claude-000001"), look.adopted().stream().map(Job::id).toList(),
                "an ended job is nobody's to take");
        assertTrue(cb.owns("claude-000001"));
    }

    @Test
    void aCancelAskedOfAnotherServerIsCarriedOutByItsHolder() throws Exception {
        JobStore a = store();
        JobStore b = store();
        Coordination ca = new Coordination(a, table.as("a"));
        Coordination cb = new Coordination(b, table.as("b"));
        Job job = a.create(JobFixtures.spec("claude-000001").build(), "p", null);
        ca.claim(job);
        cb.look();
        Thread holder = new Thread(() -> {
            // a's next look finds the request, and a records the cancel
            while (!Files.exists(a.files(job.id()).cancelRequest())) {
                Thread.onSpinWait();
            }
            assertEquals(List.of(job.id()), ca.look().cancel());
            a.end(job.id(), job.state().ended(JobStatus.CANCELLED, null, "cancelled", Instant.now()), null, null);
        });
        holder.start();
        Job after = cb.cancelElsewhere(job.id(), Duration.ofSeconds(10));
        holder.join();
        assertEquals(JobStatus.CANCELLED, after.status());
        assertFalse(Files.exists(a.files(job.id()).cancelRequest()), "the request is taken once");
    }
}
