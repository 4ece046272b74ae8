package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * merge_worktree as the host reaches it: a finished job's branch into the branch it started from,
 * or refused with nothing changed — the main checkout's files, its HEAD and the job's branch as
 * they were — when it would lose anything or cannot be done.
 */
class MergeServiceTest extends EngineTest {
    /** A job brought to some state, the merge asked of it and the one line that refuses it. */
    interface Situation {
        Refused make(EngineFixture f) throws Exception;
    }

    record Refused(MergeRequest request, String message) {
    }

    static Stream<Arguments> refusals() {
        return Stream.<Arguments>of(
                arguments("a running job", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work"));
                    f.agentPid(id);
                    return new Refused(MergeRequest.of(id), id + " is still running: wait for it (job_status wait=\"any\") "
                            + "before merging");
                }),
                arguments("a job waiting for another", (Situation) f -> {
                    String first = f.spawn(SpawnRequest.prompt("work"));
                    String id = f.spawn(SpawnRequest.prompt("then").dependsOn(first));
                    f.agentPid(first); // its worktree made: not a change the refusal is judged by
                    return new Refused(MergeRequest.of(id), id + " is still queued: wait for it (job_status wait=\"any\") "
                            + "before merging");
                }),
                arguments("a job cancelled before it started", (Situation) f -> {
                    String first = f.spawn(SpawnRequest.prompt("work"));
                    String id = f.spawn(SpawnRequest.prompt("then").dependsOn(first));
                    f.agentPid(first);
                    f.engine.cancelling().cancel(id);
                    return new Refused(MergeRequest.of(id), id + " never started (cancelled while waiting), so it has no work "
                            + "to merge");
                }),
                arguments("a job run in place", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work").inPlace());
                    f.agentExits(id, "done\n", 0);
                    return new Refused(MergeRequest.of(id), id + " ran in place (no worktree): its changes are already in "
                            + f.project);
                }),
                arguments("keep without a group", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(MergeRequest.of(id).keep(id),
                            "keep names attempts of a best-of-N group: pass the group's id (best-…) as job_id");
                }),
                arguments("into a revision", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(MergeRequest.of(id).into("main~1"),
                            "into \"main~1\" is not a branch name: pass the name of an existing branch (into takes "
                                    + "a branch, not a revision)");
                }),
                arguments("into an option", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(MergeRequest.of(id).into("-f"),
                            "into \"-f\" is not a branch name: pass the name of an existing branch (into takes "
                                    + "a branch, not a revision)");
                }),
                arguments("into no branch", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(MergeRequest.of(id).into("release"),
                            "target branch release does not exist: pass an existing branch as into");
                }),
                arguments("require_review with no review", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(MergeRequest.of(id).requireReview(),
                            id + " has no review: spawn_agent {review_of: \"" + id + "\"} first");
                }),
                arguments("a chain still running", (Situation) f -> {
                    EngineFixture.Chain chain = f.fallenBack();
                    String id = chain.first();
                    String next = chain.next();
                    f.agentPid(next);
                    return new Refused(MergeRequest.of(id), id + " fell back to " + next + " (other), still running: wait for "
                            + "it (job_status wait=\"any\" on " + id + ") before merging");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedWithNothingChanged(String what, Situation situation) throws Exception {
        Refused asked = situation.make(f);
        String head = f.git("rev-parse", "HEAD");
        List<String> footprint = f.footprint();
        Refusal r = assertThrows(Refusal.class, () -> f.merge(asked.request()));
        assertEquals(asked.message(), r.getMessage());
        assertEquals(head, f.git("rev-parse", "HEAD"));
        assertEquals("", f.git("status", "--porcelain"));
        assertEquals(footprint, f.footprint());
    }

    /** A commit on main by the person, as the job works. */
    private void commitOnMain(String file, String content) throws Exception {
        Files.writeString(f.project.resolve(file), content);
        f.git("add", file);
        f.git("commit", "-q", "-m", "meanwhile " + file);
    }

    @Test
    void aConflictIsRefusedWithTheCheckoutAndRecordAsTheyWere() throws Exception {
        Job job = f.succeededWriting("README.md", "theirs\n");
        commitOnMain("README.md", "ours\n");
        String head = f.git("rev-parse", "HEAD");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()));
        assertFalse(o.merged());
        assertEquals(List.of("README.md"), o.conflicts());
        assertEquals("merging bg/" + job.id() + " into main conflicts in README.md: resume the job asking it to "
                + "rebase onto main, or hand the conflict to another agent", o.refusal());
        assertEquals(head, f.git("rev-parse", "HEAD"));
        assertEquals("ours\n", Files.readString(f.project.resolve("README.md")));
        assertEquals("", f.git("status", "--porcelain"));
        assertNull(f.job(job.id()).workspace().mergeCommit(), "not recorded as merged");
    }

    @Test
    void yourUncommittedChangeInAFileTheMergeTouchesIsRefusedAndKept() throws Exception {
        Job job = f.succeededWriting("README.md", "theirs\n");
        Files.writeString(f.project.resolve("README.md"), "mine, not committed\n");
        String head = f.git("rev-parse", "HEAD");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()));
        assertFalse(o.merged());
        assertEquals("your working tree has uncommitted changes in README.md, which the merge would touch: commit "
                + "or stash them, then merge again", o.refusal());
        assertEquals(head, f.git("rev-parse", "HEAD"));
        assertEquals("mine, not committed\n", Files.readString(f.project.resolve("README.md")));
    }

    @Test
    void yourUncommittedChangeElsewhereStaysThroughTheMerge() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        Files.writeString(f.project.resolve("README.md"), "mine, not committed\n");
        assertTrue(f.merge(MergeRequest.of(job.id())).merged());
        assertEquals("a\n", Files.readString(f.project.resolve("a.txt")));
        assertEquals("mine, not committed\n", Files.readString(f.project.resolve("README.md")));
    }

    @Test
    void aBranchAheadOfMainFastForwards() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        String tip = f.git("rev-parse", "bg/" + job.id()).strip();
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()));
        assertTrue(o.merged() && o.fastForward(), o.toString());
        assertEquals(List.of("a.txt"), o.filesChanged());
        assertEquals(tip, o.commit());
        assertEquals(tip, f.git("rev-parse", "HEAD").strip());
        assertEquals("a\n", Files.readString(f.project.resolve("a.txt")));
        assertEquals("", f.git("status", "--porcelain"));
        assertEquals(tip, f.job(job.id()).workspace().mergeCommit(), "recorded as merged");
    }

    @Test
    void aBranchBesideMainIsMergedWithAMergeCommit() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        commitOnMain("b.txt", "b\n");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()));
        assertTrue(o.merged() && !o.fastForward(), o.toString());
        assertEquals(o.commit(), f.git("rev-parse", "HEAD").strip());
        assertEquals(3, f.git("rev-list", "--parents", "-n", "1", "HEAD").split(" ").length, "two parents");
        assertEquals("Merge bg/" + job.id() + ": write a.txt\n\nbg-agents job " + job.id() + " (agent)\n",
                f.git("log", "-1", "--format=%B", "HEAD").stripTrailing() + "\n");
        assertEquals("a\n", Files.readString(f.project.resolve("a.txt")));
        assertEquals("b\n", Files.readString(f.project.resolve("b.txt")));
    }

    @Test
    void squashMakesOneCommitOnMain() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()).squash());
        assertTrue(o.merged() && o.squashed() && !o.fastForward(), o.toString());
        assertEquals(2, f.git("rev-list", "--parents", "-n", "1", "HEAD").split(" ").length, "one parent");
        assertTrue(f.git("log", "-1", "--format=%s", "HEAD").startsWith("Squash bg/" + job.id() + ": write a.txt"));
        assertEquals("a\n", Files.readString(f.project.resolve("a.txt")));
    }

    @Test
    void intoAnotherBranchLeavesMainAlone() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        f.git("branch", "release");
        String head = f.git("rev-parse", "HEAD");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()).into("release"));
        assertTrue(o.merged(), o.toString());
        assertEquals("a\n", f.git("show", "release:a.txt"));
        assertEquals(head, f.git("rev-parse", "HEAD"));
        assertFalse(Files.exists(f.project.resolve("a.txt")));
    }

    @Test
    void aDryRunSaysWhatWouldChangeAndChangesNothing() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        String head = f.git("rev-parse", "HEAD");
        List<String> footprint = f.footprint();
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()).dryRun().cleanup());
        assertTrue(o.dryRun() && !o.merged(), o.toString());
        assertEquals(List.of("a.txt"), o.filesChanged());
        assertEquals(head, f.git("rev-parse", "HEAD"));
        assertFalse(Files.exists(f.project.resolve("a.txt")));
        assertEquals(footprint, f.footprint(), "cleanup is not done on a dry run");
        assertNull(f.job(job.id()).workspace().mergeCommit());
    }

    @Test
    void mergedAgainIsAnsweredAsAlreadyMerged() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        Merging.Outcome first = f.merge(MergeRequest.of(job.id()));
        Merging.Outcome again = f.merge(MergeRequest.of(job.id()));
        assertTrue(again.merged() && again.alreadyMerged(), again.toString());
        assertEquals(first.commit(), again.commit());
        assertEquals(first.commit(), f.git("rev-parse", "HEAD").strip());
    }

    @Test
    void cleanupRemovesTheWorktreeAndBranch() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()).cleanup());
        assertEquals("worktree and branch bg/" + job.id() + " removed", o.cleanedUp());
        assertFalse(Files.exists(job.workspace().path()));
        assertEquals(List.of(), f.jobBranches());
        assertTrue(f.job(job.id()).workspace().removed());
        assertEquals("a\n", Files.readString(f.project.resolve("a.txt")));
    }

    @Test
    void cleanupKeepsAWorktreeWithNewUncommittedWork() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        f.agentWrites(job.id(), "late.txt", "after the end\n");
        Merging.Outcome o = f.merge(MergeRequest.of(job.id()).cleanup());
        assertTrue(o.merged());
        assertEquals("kept the worktree: it had new uncommitted work (now committed on bg/" + job.id() + ")",
                o.cleanedUp());
        assertTrue(Files.isRegularFile(job.workspace().path().resolve("late.txt")));
        assertEquals("after the end\n", f.git("show", "bg/" + job.id() + ":late.txt"));
        assertFalse(Files.exists(f.project.resolve("late.txt")), "not merged unseen");
        assertFalse(f.job(job.id()).workspace().removed());
    }

    @Test
    void theFirstIdOfAFallbackChainMergesTheWorkOfItsLastJob() throws Exception {
        EngineFixture.Chain chain = f.fallenBack();
        String first = chain.first();
        String kept = chain.next();
        f.agentPid(kept);
        f.agentWrites(kept, "kept.txt", "kept\n");
        f.agentExits(kept, "done\n", 0);
        Merging.Outcome o = f.merge(MergeRequest.of(first));
        assertEquals(kept, o.jobId());
        assertTrue(o.merged());
        assertEquals("kept\n", Files.readString(f.project.resolve("kept.txt")));
    }
}
