package dev.bgagents.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What stops a computed merge from being written into the checked-out target ({@link Merger}): the
 * user's uncommitted changes in files it would touch, or a git command at work in the repository.
 */
final class MergeObstacles {
    private MergeObstacles() {
    }

    /**
     * The lock file of a git command at work on {@code into} (its ref, and with {@code index} the
     * index of the main work tree), or null when there is none.
     */
    static String lockHeld(Repository repo, String into, boolean index) {
        Path ref = repo.getDirectory().toPath().resolve("refs/heads/" + into + ".lock");
        if (Files.exists(ref)) {
            return ref.toString();
        }
        Path indexLock = repo.getIndexFile().toPath().resolveSibling("index.lock");
        return index && Files.exists(indexLock) ? indexLock.toString() : null;
    }

    /** The paths among {@code touched} that have uncommitted (staged, unstaged or untracked) changes. */
    static List<String> dirtyAmong(Repository repo, List<String> touched) throws IOException {
        try (Git git = new Git(repo)) {
            Status s = git.status().call();
            Set<String> dirty = new LinkedHashSet<>();
            dirty.addAll(s.getUncommittedChanges());
            dirty.addAll(s.getUntracked());
            dirty.addAll(s.getConflicting());
            return touched.stream().filter(dirty::contains).toList();
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
