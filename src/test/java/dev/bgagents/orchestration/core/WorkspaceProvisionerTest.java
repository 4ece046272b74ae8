package dev.bgagents.orchestration.core;

import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A job's worktree: made from its dependencies' work as it starts, sealed when its agent ends
 * (leftovers committed, commits and diffstat on record), and removed only when nothing was done
 * in it.
 */
class WorkspaceProvisionerTest extends EngineTest {
    /** What an agent does in its worktree: "write a.txt", "delete README.md" or "commit". */
    private void act(String id, String action) throws Exception {
        Path w = f.job(id).workspace().path();
        String[] a = action.split(" ");
        switch (a[0]) {
            case "write" -> f.agentWrites(id, a[1], a[1] + "\n");
            case "delete" -> Files.delete(w.resolve(a[1]));
            case "commit" -> {
                f.git("-C", w.toString(), "add", "-A");
                f.git("-C", w.toString(), "commit", "-q", "-m", "the agent's own commit");
            }
            default -> throw new IllegalArgumentException(action);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "left uncommitted    | write a.txt                        | 1 | a.txt +1 -0",
            "committed and left  | write a.txt; commit; write b.txt   | 2 | a.txt +1 -0; b.txt +1 -0",
            "committed only      | write a.txt; commit                | 1 | a.txt +1 -0",
            "a file deleted      | delete README.md                   | 1 | README.md +0 -1",
            "nothing             |                                    | 0 | "})
    void sealingCommitsTheLeftoversAndRecordsCommitsAndDiffstat(String what, String actions, int commits,
                                                                 String diffstat) throws Exception {
        String id = f.spawn(SpawnRequest.prompt("work"));
        f.agentPid(id);
        if (actions != null) {
            for (String action : actions.split("; ")) {
                act(id, action);
            }
        }
        Job end = f.agentExits(id, "done\n", 0);
        Workspace w = end.workspace();
        assertEquals(commits, w.commits().size(), w.commits().toString());
        assertEquals(diffstat == null ? List.of() : Arrays.asList(diffstat.split("; ")), w.diffstat());
        assertEquals("", f.git("-C", w.path().toString(), "status", "--porcelain"), "nothing left uncommitted");
        assertEquals(commits, Integer.parseInt(f.git("rev-list", "--count", "main..bg/" + id).strip()));
    }

    @Test
    void aJobOnTwoDependenciesStartsOnBothTheirWork() throws Exception {
        Job a = f.succeededWriting("a.txt", "a\n");
        Job b = f.succeededWriting("b.txt", "b\n");
        String c = f.spawn(SpawnRequest.prompt("use both").dependsOn(a.id(), b.id()));
        f.agentPid(c);
        Path w = f.job(c).workspace().path();
        assertEquals("a\n", Files.readString(w.resolve("a.txt")));
        assertEquals("b\n", Files.readString(w.resolve("b.txt")));
    }

    @Test
    void aDependencyMergedAndCleanedUpIsFoundWhereItWasMerged() throws Exception {
        Job a = f.succeededWriting("a.txt", "a\n");
        assertTrue(f.merge(MergeRequest.of(a.id()).cleanup()).merged());
        assertEquals(List.of(), f.jobBranches());
        String c = f.spawn(SpawnRequest.prompt("use a").dependsOn(a.id()));
        f.agentPid(c);
        assertEquals("a\n", Files.readString(f.job(c).workspace().path().resolve("a.txt")));
    }

    @Test
    void dependenciesThatConflictFailTheJobAndLeaveNoBranch() throws Exception {
        Job a = f.succeededWriting("x.txt", "from a\n");
        Job b = f.succeededWriting("x.txt", "from b\n");
        String c = f.spawn(SpawnRequest.prompt("use both").dependsOn(a.id(), b.id()));
        Job end = f.awaitEnd(c);
        assertEquals(JobStatus.FAILED, end.status());
        assertEquals("could not prepare its worktree: its dependencies' branches bg/" + a.id() + " and bg/" + b.id()
                + " conflict in x.txt: merge them by hand, then run it again", end.state().reason());
        assertFalse(f.jobBranches().contains("bg/" + c));
    }

    @Test
    void aSpawnThatCannotBeRecordedDiscardsTheBranchItReserved() throws Exception {
        Path jobs = f.project.resolve(".context/jobs");
        Files.deleteIfExists(jobs);
        Files.createDirectories(jobs.getParent());
        Files.writeString(jobs, "not a directory\n");
        Refusal r = assertThrows(Refusal.class, () -> f.spawn(SpawnRequest.prompt("work")));
        assertTrue(r.getMessage().startsWith("cannot record the job under " + jobs + ": "), r.getMessage());
        assertEquals(List.of(), f.jobBranches());
        Files.delete(jobs);
    }

    @ParameterizedTest(name = "checked out: {0}")
    @CsvSource({"false", "true"})
    void discardRemovesTheWorktreeAndBranchOfAJobNeverRecorded(boolean checkedOut) throws Exception {
        Workspace w = WorkspaceProvisioner.reserve(f.worktreeHome(), f.project, "agent-0a0b0c", null, null, List.of());
        if (checkedOut) {
            w = Worktrees.checkOut(w);
            assertTrue(Files.isDirectory(w.path()));
        }
        assertEquals(List.of("bg/agent-0a0b0c"), f.jobBranches());
        WorkspaceProvisioner.discard(WorktreeBootstrap.NONE, w);
        assertEquals(List.of(), f.jobBranches());
        assertFalse(Files.exists(w.path()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nothing done              |           |         | true",
            "work committed at its end | write.txt |         | false",
            "work left after its end   |           | late.txt | false"})
    void removeIfUnusedKeepsAWorktreeWithWork(String what, String during, String after, boolean removed)
            throws Exception {
        String id = f.spawn(SpawnRequest.prompt("work"));
        f.agentPid(id);
        if (during != null) {
            f.agentWrites(id, during, "during\n");
        }
        Workspace w = f.agentExits(id, "could not\n", 1).workspace();
        if (after != null) {
            f.agentWrites(id, after, "after\n");
        }
        assertEquals(removed, WorkspaceProvisioner.removeIfUnused(WorktreeBootstrap.NONE, w));
        assertEquals(removed, !Files.exists(w.path()));
        assertEquals(removed, !f.jobBranches().contains("bg/" + id));
        if (after != null) {
            assertEquals("after\n", f.git("show", "bg/" + id + ":" + after), "the late work is committed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"with commits | a.txt | true", "without      |       | false"})
    void removingALosersWorktreeNamesTheTipItCanBeMadeAgainFrom(String what, String file, boolean tip)
            throws Exception {
        String id = f.spawn(SpawnRequest.prompt("work"));
        f.agentPid(id);
        if (file != null) {
            f.agentWrites(id, file, "work\n");
        }
        Job end = f.agentExits(id, "done\n", 0);
        String at = tip ? f.git("rev-parse", "--short=7", "bg/" + id).strip() : null;
        assertEquals(tip ? "tip " + at : "no commits", WorkspaceProvisioner.removeNamingTip(WorktreeBootstrap.NONE, end.workspace(), id));
        assertEquals(List.of(), f.jobBranches());
        assertFalse(Files.exists(end.workspace().path()));
    }
}
