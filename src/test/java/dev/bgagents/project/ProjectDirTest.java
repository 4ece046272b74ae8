package dev.bgagents.project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The project root and the exclude line, found the way git finds them, checked against real git. */
class ProjectDirTest {

    private static void git(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void theTopOfARepositoryFromAnywhereInsideIt(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        Path deep = Files.createDirectories(repo.resolve("src/main"));
        assertEquals(Optional.of(repo.toRealPath()), ProjectDir.gitTop(deep));
        assertEquals(repo.toRealPath(), ProjectDir.root(deep));
        Path outside = Files.createDirectories(dir.resolve("plain"));
        assertEquals(Optional.empty(), ProjectDir.gitTop(outside));
        assertEquals(outside.toRealPath(), ProjectDir.root(outside));
    }

    @Test
    void aLinkedWorktreeIsItsOwnTopAndSharesTheMainRepositorysExclude(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@x.invalid", "commit", "-q", "--allow-empty", "-m", "first");
        Path linked = dir.resolve("linked");
        git(repo, "worktree", "add", "-q", linked.toString());
        assertEquals(Optional.of(linked.toRealPath()), ProjectDir.gitTop(linked));

        ProjectDir.excludeState(linked);
        ProjectDir.excludeState(repo);
        String exclude = Files.readString(repo.resolve(".git/info/exclude"));
        assertEquals(1, exclude.lines().filter(l -> l.equals("/.context/")).count(), "once, in the common dir: " + exclude);
        Files.createDirectories(linked.resolve(".context/jobs"));
        Files.writeString(linked.resolve(".context/jobs/x"), "x");
        Process status = new ProcessBuilder("git", "-C", linked.toString(), "status", "--porcelain").start();
        assertEquals("", new String(status.getInputStream().readAllBytes()), "git itself ignores the state");
    }
}
