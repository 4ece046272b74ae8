package dev.bgagents.git;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's branch lent to its sandboxed agent as a copy, and taken back only as a commit the repository holds. */
class LentBranchTest {
    @TempDir
    Path repo;
    @TempDir
    Path worktrees;
    @TempDir
    Path jobDir;
    Workspace w;
    Path own;
    String base;

    @BeforeEach
    void aJobOnItsBranch() throws Exception {
        GitRun.in(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        GitRun.in(repo, "add", ".");
        GitRun.in(repo, "commit", "-q", "-m", "base");
        base = GitRun.in(repo, "rev-parse", "HEAD");
        GitRun.in(repo, "branch", "bg/someone-else", "main");
        w = Worktrees.checkOut(Worktrees.reserve(repo, worktrees.resolve("custom-a1"), "custom-a1", null, null, List.of()));
        own = jobDir.resolve("agent-refs");
    }

    @Test
    void theAgentIsShownItsRefAloneInPlaceOfTheDirectoryEveryJobsRefIsIn() throws Exception {
        Map<Path, Path> shown = LentBranch.lend(w, own);

        Path common = repo.resolve(".git").toRealPath();
        assertEquals(Map.of(common.resolve("refs/heads/bg"), own.resolve("refs"),
                common.resolve("logs/refs/heads/bg"), own.resolve("logs")), shown);
        try (var s = Files.list(own.resolve("refs"))) {
            assertEquals(List.of("custom-a1"), s.map(p -> p.getFileName().toString()).toList(), "not bg/someone-else");
        }
        assertEquals(base + "\n", Files.readString(own.resolve("refs/custom-a1")));
        assertTrue(Files.isRegularFile(own.resolve("logs/custom-a1")), "its reflog, so git reflog works for the agent");
    }

    @Test
    void whereTheAgentLeftItsBranchBecomesTheBranchOnceTakenBackAndOnlyOnce() throws Exception {
        LentBranch.lend(w, own);
        String made = commitWithoutMovingTheBranch();
        Files.writeString(own.resolve("refs/custom-a1"), made + "\n");

        assertEquals(Optional.of(made), LentBranch.takeBack(w, own));
        assertEquals(made, GitRun.in(repo, "rev-parse", "bg/custom-a1"));
        assertTrue(GitRun.in(repo, "reflog", "show", "bg/custom-a1").contains("where its sandboxed agent left it"));
        assertEquals(Optional.empty(), LentBranch.takeBack(w, own), "taken already");
        assertEquals(base, GitRun.in(repo, "rev-parse", "bg/someone-else"));
    }

    @Test
    void anythingButACommitTheRepositoryHoldsLeavesTheBranchAsItWas() throws Exception {
        String blob = GitRun.in(repo, "rev-parse", "HEAD:a.txt");
        for (String left : List.of("ref: refs/heads/main", "garbage", "0123456789abcdef0123456789abcdef01234567", blob, "")) {
            LentBranch.lend(w, own);
            Files.writeString(own.resolve("refs/custom-a1"), left + "\n");
            assertEquals(Optional.empty(), LentBranch.takeBack(w, own), left);
            assertEquals(base, GitRun.in(repo, "rev-parse", "bg/custom-a1"), left);
        }
    }

    @Test
    void aLendTakesBackFirstWhatAnEarlierAgentLeftSoARestartLosesNoCommit() throws Exception {
        LentBranch.lend(w, own);
        String made = commitWithoutMovingTheBranch();
        Files.writeString(own.resolve("refs/custom-a1"), made + "\n");

        LentBranch.lend(w, own); // the next round, with no take-back between (a server that stopped)

        assertEquals(made, GitRun.in(repo, "rev-parse", "bg/custom-a1"));
        assertEquals(made + "\n", Files.readString(own.resolve("refs/custom-a1")));
    }

    @Test
    void aBranchThatMovedWhileLentStaysAndWhatTheAgentLeftIsKeptBesideIt() throws Exception {
        LentBranch.lend(w, own);
        String agents = commitWithoutMovingTheBranch();
        Files.writeString(own.resolve("refs/custom-a1"), agents + "\n");
        Files.writeString(w.path().resolve("c.txt"), "the person's\n");
        GitRun.in(w.path(), "add", "c.txt");
        GitRun.in(w.path(), "commit", "-q", "-m", "made from outside the sandbox");
        String persons = GitRun.in(repo, "rev-parse", "bg/custom-a1");

        assertEquals(Optional.empty(), LentBranch.takeBack(w, own));

        assertEquals(persons, GitRun.in(repo, "rev-parse", "bg/custom-a1"), "the branch as it moved");
        assertEquals(agents, GitRun.in(repo, "rev-parse", "refs/bg-agents/lent/bg/custom-a1"), "the agent's, kept");
    }

    @Test
    void anAgentThatWasNotShownItsCopyMovedTheBranchItselfAndKeepsIt() throws Exception {
        LentBranch.lend(w, own); // lent, but run where nothing shows the copy in place (a test's fake processes)
        Files.writeString(w.path().resolve("c.txt"), "c\n");
        GitRun.in(w.path(), "add", "c.txt");
        GitRun.in(w.path(), "commit", "-q", "-m", "agent work on the real branch");
        String tip = GitRun.in(repo, "rev-parse", "bg/custom-a1");

        assertEquals(Optional.empty(), LentBranch.takeBack(w, own));
        assertEquals(tip, GitRun.in(repo, "rev-parse", "bg/custom-a1"));
    }

    /** As a sandboxed agent's commit lands: its objects in the shared store, its branch only in its copy. */
    private String commitWithoutMovingTheBranch() throws Exception {
        Files.writeString(w.path().resolve("b.txt"), "b\n");
        GitRun.in(w.path(), "add", "b.txt");
        String tree = GitRun.in(w.path(), "write-tree");
        return GitRun.in(w.path(), "commit-tree", tree, "-p", base, "-m", "agent work");
    }
}
