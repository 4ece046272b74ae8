package dev.bgagents.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A job's chain as recorded in a real store: followed only from a job that failed for its provider. */
class FallbackChainTest {
    private static final String RATE_LIMITED = "rate limited (HTTP 429): retry later or use another provider — HTTP 429";

    @TempDir
    Path dir;

    @Test
    void aJobThatFailedForItsProviderLeadsToTheJobThatReRanItsTask() throws Exception {
        JobStore store = new JobStore(dir);
        Job first = store.create(JobFixtures.spec("claude-aaaaaa").fallback(List.of("codex", "gemini"), null).build(),
                "p", null);
        end(store, first.id(), RATE_LIMITED);
        Job second = store.create(JobFixtures.spec("codex-bbbbbb").fallback(List.of("gemini"), first.id()).build(),
                "p", null);

        assertEquals(List.of(first.id(), second.id()), ids(FallbackChain.from(store, store.get(first.id()).orElseThrow())));
        assertEquals(second.id(), FallbackChain.outcomes(store).apply(first.id()).orElseThrow().id());

        end(store, second.id(), "model server error (HTTP 500) — boom");
        Job third = store.create(JobFixtures.spec("gemini-cccccc").fallback(List.of(), second.id()).build(), "p", null);
        assertEquals(third.id(), FallbackChain.last(store, store.get(first.id()).orElseThrow()).id());
        // a later server reads the chain from disk alike
        JobStore later = new JobStore(dir);
        later.load();
        assertEquals(third.id(), FallbackChain.last(later, later.get(first.id()).orElseThrow()).id());
    }

    @Test
    void aJobThatFailedOnItsMeritsIsItsOwnOutcome() throws Exception {
        JobStore store = new JobStore(dir);
        Job first = store.create(JobFixtures.spec("claude-aaaaaa").fallback(List.of("codex"), null).build(), "p", null);
        end(store, first.id(), "exited 1: npm ERR! 2 tests failed");
        // even a job naming it as the one it re-runs is not followed to
        store.create(JobFixtures.spec("codex-bbbbbb").fallback(List.of(), first.id()).build(), "p", null);

        assertEquals(first.id(), FallbackChain.last(store, store.get(first.id()).orElseThrow()).id());
    }

    @Test
    void onlyAFailedJobWithProvidersLeftFallsBack() {
        for (JobStatus status : JobStatus.values()) {
            Job j = JobFixtures.ended("claude-aaaaaa", status, RATE_LIMITED);
            Job chained = new Job(JobFixtures.spec("claude-aaaaaa").fallback(List.of("codex"), null).build(),
                    j.state(), j.report(), null);
            assertEquals(status == JobStatus.FAILED, FallbackChain.fallsBack(chained), status.wire());
            assertEquals(false, FallbackChain.fallsBack(j), "no chain: " + status.wire());
        }
    }

    private static void end(JobStore store, String id, String reason) {
        Job j = store.get(id).orElseThrow();
        store.end(id, j.state().running(1, 1, Instant.now()).ended(JobStatus.FAILED, 1, reason, Instant.now()), null, null);
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
