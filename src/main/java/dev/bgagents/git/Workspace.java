package dev.bgagents.git;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.nio.file.Path;
import java.util.List;

/**
 * A job's own git worktree and branch, and what became of its work. Its branch is made when the
 * job is spawned (the starting point fixed then); the directory is checked out when the job
 * starts, so until then {@code baseCommit} is null ({@link #checkedOut()}).
 *
 * @param repo          the repository's top directory
 * @param path          the worktree's directory
 * @param baseRef       the branch it started from (default merge target), or null
 * @param baseCommit    the commit it was checked out at, once it is
 * @param declaredFiles files the task said it would touch (for the overlap forecast)
 * @param commits       the branch's commits beyond its base, newest first, once the agent ended
 * @param diffstat      one line per changed file, once the agent ended
 * @param mergeCommit   the commit that brought the work into {@code mergedInto}, once merged
 * @param removed       the worktree directory has been removed
 */
public record Workspace(@JsonSerialize(using = ToStringSerializer.class) Path repo,
                        @JsonSerialize(using = ToStringSerializer.class) Path path,
                        String branch, String baseRef, String baseCommit,
                        List<String> declaredFiles, List<String> commits, List<String> diffstat,
                        String mergedInto, String mergeCommit, boolean removed) {
    public Workspace {
        declaredFiles = declaredFiles == null ? List.of() : List.copyOf(declaredFiles);
        commits = commits == null ? List.of() : List.copyOf(commits);
        diffstat = diffstat == null ? List.of() : List.copyOf(diffstat);
    }

    /** A worktree not checked out yet: where it will be, on which branch, from which branch. */
    public static Workspace planned(Path repo, Path path, String branch, String baseRef, List<String> declaredFiles) {
        return new Workspace(repo, path, branch, baseRef, null, declaredFiles, null, null, null, null, false);
    }

    public boolean checkedOut() {
        return baseCommit != null;
    }

    /** Checked out at {@code commit}. */
    public Workspace at(String commit) {
        return new Workspace(repo, path, branch, baseRef, commit, declaredFiles, null, null, null, null, false);
    }

    public Workspace sealed(List<String> commits, List<String> diffstat) {
        return new Workspace(repo, path, branch, baseRef, baseCommit, declaredFiles, commits, diffstat, mergedInto,
                mergeCommit, removed);
    }

    public Workspace merged(String into, String commit) {
        return new Workspace(repo, path, branch, baseRef, baseCommit, declaredFiles, commits, diffstat, into, commit,
                removed);
    }

    public Workspace removedNow() {
        return new Workspace(repo, path, branch, baseRef, baseCommit, declaredFiles, commits, diffstat, mergedInto,
                mergeCommit, true);
    }

    /** This worktree, merged as {@code onDisk} says when another server recorded a merge this copy lacks. */
    public Workspace keepingMergeOf(Workspace onDisk) {
        if (onDisk == null || onDisk.mergeCommit() == null || mergeCommit != null) {
            return this;
        }
        return merged(onDisk.mergedInto(), onDisk.mergeCommit());
    }

    /** The same worktree for a job that continues this one's session. */
    public Workspace continued() {
        return new Workspace(repo, path, branch, baseRef, baseCommit, declaredFiles, null, null, null, null, false);
    }
}
