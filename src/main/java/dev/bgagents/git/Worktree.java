package dev.bgagents.git;

import java.nio.file.Path;

/**
 * A job's linked worktree.
 *
 * @param baseRef    the branch the work started from (the default merge target), or null when
 *                   it started from a detached commit
 * @param baseCommit the commit it started from
 */
public record Worktree(Path repo, Path path, String branch, String baseRef, String baseCommit) {
}
