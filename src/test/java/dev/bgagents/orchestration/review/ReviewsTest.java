package dev.bgagents.orchestration.review;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Ask;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.process.ProcessControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reviews in the engine, with a fake process table: which jobs can be reviewed (each refusal one
 * line, nothing made), what a review runs as, and what merge_worktree require_review asks of it.
 */
class ReviewsTest {
    /** The reviewer of agent's work is other, as a config's review routing says. */
    private static final String ROUTING = "\"routing\": {\"review\": [\"other\", \"third\"]}";

    @TempDir
    Path dir;

    /** A job on agent that wrote a file in its worktree and succeeded. */
    private static String succeededWithChanges(EngineFixture f) throws Exception {
        String id = f.engine.spawning().spawn(Ask.prompt("fix the sum").request()).job().id();
        f.agentPid(id);
        f.agentWrites(id, "sum.py", "def add(a, b):\n    return a + b\n");
        assertEquals(JobStatus.SUCCEEDED, f.agentExits(id, "fixed\n", 0).status());
        return id;
    }

    private static Spawning.Started review(EngineFixture f, String id) {
        return f.engine.spawning().review(new Spawning.ReviewRequest(id, null, null, null, null));
    }

    /** A review of {@code author} that ended with the reviewer saying {@code said} and exiting {@code code}. */
    private static Job reviewed(EngineFixture f, String author, String said, int code) throws Exception {
        return f.agentExits(review(f, author).job().id(), said, code);
    }

    private static Merging.Outcome mergeReviewed(EngineFixture f, String id, boolean dryRun) {
        return f.engine.merging().merge(new Merging.Request(id, null, false, dryRun, true, true, List.of()));
    }

    interface Setup {
        String job(EngineFixture f) throws Exception;
    }

    static Stream<Arguments> notReviewable() {
        return Stream.of(
                Arguments.of("a review", (Setup) f -> {
                    String author = succeededWithChanges(f);
                    return reviewed(f, author, "VERDICT: approve\n", 0).id();
                }, "%s is itself a review (of agent-"),
                Arguments.of("a running job", (Setup) f -> {
                    String id = f.engine.spawning().spawn(Ask.prompt("fix the sum").request()).job().id();
                    f.agentPid(id);
                    return id;
                }, "%s is still running: wait for it (job_status wait=\"any\") before reviewing it"),
                Arguments.of("a job run in place", (Setup) f -> {
                    String id = f.engine.spawning().spawn(Ask.prompt("fix the sum").worktree(false).request()).job().id();
                    f.agentExits(id, "fixed\n", 0);
                    return id;
                }, "%s ran in place (no worktree or branch): there is no branch to review"),
                Arguments.of("a job that never started", (Setup) f -> {
                    String first = f.engine.spawning().spawn(Ask.prompt("build the base").request()).job().id();
                    f.agentPid(first);
                    String waiting = f.engine.spawning().spawn(Ask.prompt("fix the sum").dependsOn(first).request())
                            .job().id();
                    assertEquals(JobStatus.CANCELLED, f.engine.cancelling().cancel(waiting).status());
                    return waiting;
                }, "%s never started (cancelled), so it has nothing to review"),
                Arguments.of("a merged job", (Setup) f -> {
                    String id = succeededWithChanges(f);
                    assertTrue(f.engine.merging().merge(new Merging.Request(id, null, false, false, false, false,
                            List.of())).merged());
                    return id;
                }, "%s was merged into main already: review that branch instead"),
                Arguments.of("a job whose worktree was removed", (Setup) f -> {
                    String id = succeededWithChanges(f);
                    f.git("worktree", "remove", "--force", f.job(id).workspace().path().toString());
                    return id;
                }, "%s's worktree was removed: there is nothing left to review"),
                Arguments.of("a job without changes", (Setup) f -> {
                    String id = f.engine.spawning().spawn(Ask.prompt("fix the sum").request()).job().id();
                    f.agentExits(id, "nothing to fix\n", 0);
                    return id;
                }, "%s changed no files on bg/%<s: nothing to review"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notReviewable")
    void refusedInOneLineWithNothingCreated(String what, Setup setup, String message) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String id = setup.job(f);
            List<String> jobs = f.jobDirs();
            int launched = f.processes.launched().size();

            Refusal r = assertThrows(Refusal.class, () -> review(f, id));

            assertTrue(r.getMessage().startsWith(String.format(message, id)), r.getMessage());
            assertEquals(1, r.getMessage().lines().count());
            assertEquals(jobs, f.jobDirs());
            assertEquals(launched, f.processes.launched().size());
        }
    }

    @Test
    void aReviewRunsReadOnlyInTheAuthorsWorktreeOnItsGitAndRecordsTheWholeCommitItReviews() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            Path tree = f.job(author).workspace().path();
            String tip = f.git("rev-parse", "bg/" + author).strip();

            Spawning.Started started = review(f, author);

            Job r = started.job();
            assertEquals(List.of("other reviews agent's work"), started.notes());
            assertEquals("other", r.spec().provider());
            assertEquals(author, r.spec().relations().reviewOf());
            assertEquals("read-only", r.spec().run().permissions());
            assertTrue(r.spec().run().untrustedWorkdir());
            assertTrue(tip.matches("[0-9a-f]{40}"), tip);
            assertEquals(tip, r.spec().relations().reviewedCommit());
            ProcessControl.LaunchSpec run = f.processes.spec(f.agentPid(r.id()));
            assertEquals(tree, run.workdir());
            assertEquals(tree.toString(), run.env().get("GIT_WORK_TREE"));
            assertEquals(f.git("-C", tree.toString(), "rev-parse", "--absolute-git-dir").strip(), run.env().get("GIT_DIR"));
        }
    }

    @Test
    void aSecondReviewWhileOneIsActiveIsRefused() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            String first = review(f, author).job().id();
            List<String> jobs = f.jobDirs();

            Refusal r = assertThrows(Refusal.class, () -> review(f, author));

            assertEquals(author + " is being reviewed by " + first + " already: wait for it (job_status wait=\"any\")",
                    r.getMessage());
            assertEquals(jobs, f.jobDirs());
        }
    }

    @Test
    void requireReviewWithoutAReviewIsRefused() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            Refusal r = assertThrows(Refusal.class, () -> mergeReviewed(f, author, false));
            assertEquals(author + " has no review: spawn_agent {review_of: \"" + author + "\"} first", r.getMessage());
            assertEquals(List.of("bg/" + author), f.jobBranches());
        }
    }

    @Test
    void requireReviewWhileTheOnlyReviewRunsSaysToWaitForIt() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            String running = review(f, author).job().id();
            f.agentPid(running);
            Refusal r = assertThrows(Refusal.class, () -> mergeReviewed(f, author, true));
            assertEquals(author + " has no finished review yet (" + running + " is running): wait for it",
                    r.getMessage());
        }
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            '- the sum is off by one\\nVERDICT: changes' | 0 | verdict changes, 1 finding
            'VERDICT: approve'                           | 1 | failed without a verdict
            'Looks fine to me.'                          | 0 | no clear verdict: its last line is not exactly VERDICT: approve or VERDICT: changes""")
    void requireReviewRefusesAReviewThatDoesNotApprove(String said, int code, String why) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            Job review = reviewed(f, author, said.replace("\\n", "\n") + "\n", code);

            Refusal r = assertThrows(Refusal.class, () -> mergeReviewed(f, author, false));

            assertEquals("the latest review of " + author + " (" + review.id() + ") does not approve (" + why
                    + "): read_summary {job_id: \"" + review.id() + "\"}, fix, then review again", r.getMessage());
            assertFalse(f.job(author).workspace().removed());
        }
    }

    @Test
    void anApprovalOfACommitTheBranchHasMovedOnFromIsRefused() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            Job review = reviewed(f, author, "VERDICT: approve\n", 0);
            String reviewedTip = review.spec().relations().reviewedCommit();
            f.agentWrites(author, "later.txt", "unreviewed\n");
            String moved = f.commitInWorktree(author, "a change after the review");
            String main = f.git("rev-parse", "main");

            Refusal r = assertThrows(Refusal.class, () -> mergeReviewed(f, author, false));

            assertEquals("bg/" + author + " has changed since " + review.id() + " reviewed " + author + " (it is at "
                    + moved + ", the review was of " + reviewedTip + "): spawn_agent {review_of: \"" + author
                    + "\"} to review it as it is", r.getMessage());
            assertEquals(main, f.git("rev-parse", "main"));
        }
    }

    @Test
    void anApprovalOfTheBranchAsItIsMergesTheCommitItReviewed() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, ROUTING)) {
            String author = succeededWithChanges(f);
            Job review = reviewed(f, author, "- none\nVERDICT: approve\n", 0);

            Merging.Outcome o = mergeReviewed(f, author, false);

            assertTrue(o.merged(), String.valueOf(o.refusal()));
            assertTrue(o.fastForward());
            assertEquals(review.spec().relations().reviewedCommit(), o.commit());
            assertEquals(o.commit(), f.git("rev-parse", "main").strip());
        }
    }
}
