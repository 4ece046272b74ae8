package dev.bgagents.orchestration.attempts;

import dev.bgagents.summary.Redactor;



import dev.bgagents.agents.Usage;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which attempt of a best-of-N group wins: verified first, then succeeded, then the smaller real change. */
class AttemptRankingTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void verifiedWorkBeatsUncheckedWorkAndTheSmallerChangeBeatsTheLarger() {
        Job bigVerified = attempt("claude-000001", JobStatus.SUCCEEDED, Verification.PASSED, 30, List.of("a.py +80 -20"));
        Job smallVerified = attempt("codex-000002", JobStatus.SUCCEEDED, Verification.PASSED, 50, List.of("a.py +3 -1", "b.py +1 -0"));
        Job failedCheck = attempt("gemini-000003", JobStatus.FAILED, Verification.FAILED, 5, List.of("a.py +1 -1"));
        Job nothing = attempt("claude-000004", JobStatus.SUCCEEDED, Verification.PASSED, 1, List.of());
        List<Job> ranked = AttemptRanking.ranked(List.of(failedCheck, nothing, bigVerified, smallVerified));
        assertEquals(List.of("codex-000002", "claude-000001", "claude-000004", "gemini-000003"),
                ranked.stream().map(Job::id).toList());
        assertEquals("codex-000002", AttemptRanking.winner(ranked).id());
        assertEquals(5, AttemptRanking.changedLines(smallVerified));
    }

    @Test
    void noWinnerWhenNothingSucceededWithAChange() {
        assertNull(AttemptRanking.winner(List.of(
                attempt("claude-000001", JobStatus.FAILED, Verification.FAILED, 3, List.of("a.py +1 -1")),
                attempt("codex-000002", JobStatus.SUCCEEDED, Verification.PASSED, 3, List.of()))));
    }

    @Test
    void theGroupSummaryRanksEveryAttemptOnALineAndNamesTheWinner() {
        List<Job> attempts = List.of(
                attempt("claude-000001", JobStatus.FAILED, Verification.FAILED, 30, List.of("a.py +8 -2")),
                attempt("codex-000002", JobStatus.SUCCEEDED, Verification.PASSED, 50, List.of("a.py +3 -1")));
        String md = AttemptsSummary.render("best-0a0b0c", attempts, 1500, T0.plusSeconds(100), new Redactor(java.util.Map.of()));
        assertEquals("""
                ## best-0a0b0c: 2 attempts, winner codex-000002 (codex, verified)
                Task: fix the sum
                1. codex-000002 succeeded · verified · 4 lines in 1 file · 50 s
                2. claude-000001 failed · check exit 1 · 10 lines in 1 file · 30 s
                Next: merge_worktree {job_id: "best-0a0b0c"} merges codex-000002 and removes the other attempts' \
                worktrees and branches (keep: [job ids] keeps some); read_summary {job_id: "claude-000001"} reads one attempt.
                """, md);
    }

    private static Job attempt(String id, JobStatus status, String outcome, long seconds, List<String> diffstat) {
        String provider = id.substring(0, id.indexOf('-'));
        JobSpec spec = JobSpec.builder(id, provider).title("fix the sum").workdir("/w/" + id)
                .command(List.of(provider), false).createdAt(T0).group("best-0a0b0c")
                .verify(new VerifySpec(List.of("npm", "test"), "auto", 0, 10)).build();
        Verification v = new Verification(outcome, outcome.equals(Verification.PASSED) ? 0 : 1, null, 0, 1, 0, 0, Usage.NONE, null);
        JobState state = new JobState(status, T0, T0.plusSeconds(seconds), 1, 1, 0, null, null, null, false, null, v, null, java.util.List.of());
        Workspace w = new Workspace(Path.of("/w"), Path.of("/w/" + id), "bg/" + id, "main", "abc1234", List.of(),
                diffstat.isEmpty() ? List.of() : List.of("1234567 work"), diffstat, null, null, false);
        return new Job(spec, state, null, w);
    }
}
