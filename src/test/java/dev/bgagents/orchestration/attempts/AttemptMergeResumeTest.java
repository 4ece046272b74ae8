package dev.bgagents.orchestration.attempts;

import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Red-team item 11: a server killed while it merged a best-of-N group — after the winner was merged,
 * while the losing attempts were being removed — leaves a state the next merge of the group must
 * finish: the losers go (not "already merged" with them left), a loser whose branch went before its
 * record said so is recorded removed, and a branch lock the kill left does not keep a branch.
 */
class AttemptMergeResumeTest {
    @TempDir
    Path dir;

    /** A group of two that ended; the first wrote less, so it wins. */
    private static List<Job> endedGroup(EngineFixture f) throws Exception {
        Spawning.Request task = new Spawning.Request(null, "add a line", null, null, null, Permissions.WORKSPACE_WRITE,
                null, null, null, null, null, null, null, null, null, null);
        Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(new Spawning.AttemptsRequest(
                List.of("agent", "other"), task));
        String a = g.attempts().get(0).job().id();
        String b = g.attempts().get(1).job().id();
        f.agentPid(a);
        f.agentPid(b);
        f.agentWrites(a, "a.txt", "one\n");
        f.agentWrites(b, "b.txt", "one\ntwo\nthree\n");
        return List.of(f.agentExits(a, "done\n", 0), f.agentExits(b, "done\n", 0));
    }

    private static Merging.Request mergeOf(String id) {
        return new Merging.Request(id, null, false, false, true, false, List.of());
    }

    @Test
    void aGroupWhoseWinnerWasMergedBeforeAStopHasItsLosersRemovedByTheNextMerge() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            List<Job> group = endedGroup(f);
            Job winner = group.get(0);
            Job loser = group.get(1);
            // as far as the killed merge got: the winner in, the loser untouched
            assertTrue(f.engine.merging().merge(mergeOf(winner.id())).merged());
            Merging.Outcome again = f.engine.merging().merge(mergeOf(winner.spec().relations().group()));
            assertTrue(again.merged() && again.alreadyMerged(), again.toString());
            assertNotNull(again.cleanedUp(), "the answer says what went");
            assertTrue(again.cleanedUp().contains(loser.branch()), again.cleanedUp());
            assertFalse(f.jobBranches().contains(loser.branch()), "the loser's branch is gone");
            assertTrue(f.job(loser.id()).workspace().removed(), "and its record says so");
            assertFalse(Files.exists(loser.worktree()));
        }
    }

    @Test
    void aLoserWhoseBranchWentBeforeItsRecordSaidSoIsRecordedRemoved() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            List<Job> group = endedGroup(f);
            Job loser = group.get(1);
            assertTrue(f.engine.merging().merge(mergeOf(group.get(0).id())).merged());
            f.git("worktree", "remove", "--force", loser.worktree().toString());
            f.git("branch", "-D", loser.branch());
            Merging.Outcome again = f.engine.merging().merge(mergeOf(group.get(0).spec().relations().group()));
            assertTrue(again.merged(), again.toString());
            assertTrue(f.job(loser.id()).workspace().removed(), "recorded removed, not left for gc to call merged");
        }
    }

    @Test
    void aStaleLockALoserBranchWasLeftWithDoesNotKeepTheBranch() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            List<Job> group = endedGroup(f);
            Job loser = group.get(1);
            Path lock = f.project.resolve(".git/refs/heads/" + loser.branch() + ".lock");
            Files.createDirectories(lock.getParent());
            Files.writeString(lock, "");
            Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Merging.Outcome merged = f.engine.merging().merge(mergeOf(group.get(0).spec().relations().group()));
            assertTrue(merged.merged(), merged.toString());
            assertFalse(f.jobBranches().contains(loser.branch()), merged.cleanedUp());
            assertFalse(Files.exists(lock), "the stale lock went");
        }
    }
}
