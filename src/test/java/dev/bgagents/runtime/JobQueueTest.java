package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The queue's rules: slots, dependencies, and the jobs that can never start. */
class JobQueueTest {
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    private JobQueueTest with(Job... js) {
        for (Job j : js) {
            jobs.put(j.id(), j);
        }
        return this;
    }

    private Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private List<String> startable(int busy, int cap, Set<String> owned, Set<String> preparing) {
        return JobQueue.startable(List.copyOf(jobs.values()), owned::contains, preparing, busy, cap, this::get)
                .stream().map(Job::id).toList();
    }

    @Test
    void queuedJobsStartOldestFirstWhileSlotsAreFree() {
        with(JobFixtures.queued("claude-000001"), JobFixtures.running("claude-000002"), JobFixtures.queued("claude-000003"),
                JobFixtures.queued("claude-000004"));
        Set<String> all = jobs.keySet();
        assertEquals(List.of("claude-000001", "claude-000003"), startable(1, 3, all, Set.of()));
        assertEquals(List.of(), startable(3, 3, all, Set.of()), "no free slot");
        // the runtime counts a job being prepared as busy: it holds its slot
        assertEquals(List.of("claude-000003"), startable(2, 3, all, Set.of("claude-000001")),
                "one being prepared is not started twice");
    }

    @Test
    void onlyTheJobsThisServerHoldsAreStarted() {
        with(JobFixtures.queued("claude-000001"), JobFixtures.queued("claude-000002"));
        assertEquals(List.of("claude-000002"), startable(0, 6, Set.of("claude-000002"), Set.of()));
    }

    @Test
    void aJobWaitsUntilEveryDependencySucceeded() {
        with(JobFixtures.running("codex-000001"), JobFixtures.ended("codex-000002", JobStatus.SUCCEEDED, null),
                JobFixtures.queued("claude-000003", "codex-000001", "codex-000002"));
        Job waiting = jobs.get("claude-000003");
        assertEquals(List.of("codex-000001"), JobQueue.waitingFor(waiting, this::get));
        assertEquals(List.of(), startable(0, 6, jobs.keySet(), Set.of()));
        assertEquals(Optional.empty(), JobQueue.blockedBy(waiting, this::get), "a running dependency may still succeed");
        with(JobFixtures.ended("codex-000001", JobStatus.SUCCEEDED, null));
        assertEquals(List.of("claude-000003"), startable(0, 6, jobs.keySet(), Set.of()));
    }

    @Test
    void aDependencyThatFailedOrIsGoneBlocksTheJobForGood() {
        with(JobFixtures.ended("codex-000001", JobStatus.FAILED, "exited 1"), JobFixtures.queued("claude-000002", "codex-000001"),
                JobFixtures.queued("claude-000003", "gemini-0000ff"));
        assertEquals(Optional.of("blocked by job codex-000001 (failed)"),
                JobQueue.blockedBy(jobs.get("claude-000002"), this::get));
        assertEquals(Optional.of("blocked by job gemini-0000ff (gone)"),
                JobQueue.blockedBy(jobs.get("claude-000003"), this::get));
        for (JobStatus s : List.of(JobStatus.CANCELLED, JobStatus.TIMED_OUT, JobStatus.LOST)) {
            with(JobFixtures.ended("codex-000001", s, "x"));
            assertTrue(JobQueue.blockedBy(jobs.get("claude-000002"), this::get).isPresent(), s.wire());
        }
    }
}
