package dev.bgagents.git;

import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deleting a job's branch, under the repository's lock: never one with unmerged work unless
 * forced, and not kept by a ref lock a server killed mid-deletion left behind.
 */
public final class Branches {
    /** A job branch's ref lock older than this was left by a stopped server, not held by a running git. */
    private static final long STALE_LOCK_MS = 10_000;

    private Branches() {
    }

    /** Deletes a branch; an unmerged one only with force. */
    public static void delete(Path repoTop, String branch, String mergedInto, boolean force) throws GitException {
        if (!force && !Merger.isMerged(repoTop, branch, mergedInto)) {
            throw new GitException("branch " + branch + " has work not in " + mergedInto + ": merge it first, "
                    + "or delete it with force");
        }
        RepoLock.with(repoTop, () -> {
            try (Repository repo = Worktrees.open(repoTop)) {
                RefUpdate.Result r = delete(repo, branch);
                if (r == RefUpdate.Result.LOCK_FAILURE && clearedStaleLock(repo, branch)) {
                    r = delete(repo, branch);
                }
                if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE && r != RefUpdate.Result.NEW) {
                    throw new GitException("cannot delete branch " + branch + ": " + r);
                }
                return null;
            } catch (IOException e) {
                throw new GitException("cannot delete branch " + branch + ": " + e.getMessage());
            }
        });
    }

    private static RefUpdate.Result delete(Repository repo, String branch) throws IOException {
        RefUpdate ru = repo.updateRef("refs/heads/" + branch);
        ru.setForceUpdate(true);
        return ru.delete();
    }

    /**
     * The branch's ref lock, when a server killed as it deleted the branch left it: older than a
     * git command takes, and only for a job's branch (a person's git never holds those), it goes.
     */
    private static boolean clearedStaleLock(Repository repo, String branch) throws IOException {
        Path lock = RepoLock.commonDirOf(repo).resolve("refs/heads/" + branch + ".lock");
        if (!branch.startsWith("bg/") || !Files.exists(lock)
                || Files.getLastModifiedTime(lock).toMillis() > System.currentTimeMillis() - STALE_LOCK_MS) {
            return false;
        }
        return Files.deleteIfExists(lock);
    }

}
