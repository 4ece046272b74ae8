package dev.bgagents.git;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkout a server's death cut short is made again whole, never trusted as it was left. */
class WorktreesTest {
    /** Outside the repository, as a job's worktree is. */
    @TempDir
    Path worktrees;
    @TempDir
    Path repo;

    @Test
    void aWorktreeLeftHalfCheckedOutIsMadeAgainWhole() throws Exception {
        git("init", "-q", "-b", "main");
        for (int i = 0; i < 50; i++) {
            Files.writeString(repo.resolve("f" + i + ".txt"), "content " + i + "\n");
        }
        git("add", ".");
        git("commit", "-q", "-m", "base");
        Workspace w = Worktrees.reserve(repo, worktrees.resolve("claude-abc123"), "claude-abc123", null, null, List.of());
        git("worktree", "add", "-q", w.path().toString(), w.branch());
        for (int i = 0; i < 25; i++) {
            Files.delete(w.path().resolve("f" + i + ".txt")); // the files git had not written yet
        }

        Workspace made = Worktrees.checkOut(w);

        assertTrue(made.checkedOut());
        assertEquals("", GitRun.in(made.path(), "status", "--porcelain"));
        assertTrue(Files.isRegularFile(made.path().resolve("f3.txt")));
    }

    @Test
    void aDirectoryLeftWithoutItsRegistrationIsReplacedByARealWorktree() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        git("add", ".");
        git("commit", "-q", "-m", "base");
        Workspace w = Worktrees.reserve(repo, worktrees.resolve("claude-abc124"), "claude-abc124", null, null, List.of());
        Files.createDirectories(w.path());
        Files.writeString(w.path().resolve("a.txt"), "half\n");

        Workspace made = Worktrees.checkOut(w);

        assertEquals("a\n", Files.readString(made.path().resolve("a.txt")));
        assertEquals("", GitRun.in(made.path(), "status", "--porcelain"));
    }

    private String git(String... args) throws Exception {
        return GitRun.in(repo, args);
    }

    @Test
    void whereGitFoundTheFileSystemCaseInsensitiveABranchDifferingOnlyInCaseIsTaken() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        git("add", ".");
        git("commit", "-q", "-m", "base");
        git("branch", "impl/auth/01-login");
        assertTrue(Worktrees.nameTaken(repo, "impl/auth/01-login"));
        org.junit.jupiter.api.Assertions.assertFalse(Worktrees.nameTaken(repo, "impl/Auth/01-login"),
                "a case-sensitive file system holds both");
        // what git init sets on macOS's default (case-insensitive) file system
        git("config", "core.ignorecase", "true");
        assertTrue(Worktrees.nameTaken(repo, "impl/Auth/01-Login"));
        assertTrue(Worktrees.nameTaken(repo, "IMPL/auth/01-login/more"), "its file is where the directory would be");
        org.junit.jupiter.api.Assertions.assertFalse(Worktrees.nameTaken(repo, "impl/auth/02-signup"));
        GitException refused = org.junit.jupiter.api.Assertions.assertThrows(GitException.class,
                () -> Worktrees.branch(repo, "impl/AUTH/01-login", "main"));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    }
}
