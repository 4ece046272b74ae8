package dev.bgagents.git;

import dev.bgagents.project.ProjectDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Detached checkouts of one commit, for a run that must not touch any job's worktree (a job's
 * check run again on the commit it started from): made where the caller says, outside the
 * checkout, and removed after. No branch is made or moved.
 */
public final class ScratchTrees {
    private ScratchTrees() {
    }

    /**
     * Checks {@code commit} out, detached, at {@code path}: what a server that died mid-run left
     * there goes first, and what a failed checkout left (a hook of the repository's that failed) after.
     */
    public static void add(Path repoTop, Path path, String commit) throws GitException {
        try {
            ProjectDir.excludeState(repoTop);
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new GitException("cannot create " + path.getParent() + ": " + e.getMessage());
        }
        RepoLock.with(repoTop, () -> {
            clear(repoTop, path);
            try {
                return GitCli.run(repoTop, "worktree", "add", "-q", "--detach", path.toString(), commit + "^{commit}");
            } catch (GitException e) {
                clear(repoTop, path);
                throw e;
            }
        });
    }

    /** Removes the checkout at {@code path}, whatever it holds (links are removed, never followed), and git's record of it. */
    public static void remove(Path repoTop, Path path) throws GitException {
        RepoLock.with(repoTop, () -> {
            clear(repoTop, path);
            return null;
        });
    }

    private static void clear(Path repoTop, Path path) throws GitException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Worktrees.removeLeftOver(repoTop, path);
        } else {
            Worktrees.prune(repoTop);
        }
    }
}
