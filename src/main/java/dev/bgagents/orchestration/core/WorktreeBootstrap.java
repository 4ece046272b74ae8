package dev.bgagents.orchestration.core;

import dev.bgagents.git.Workspace;

import java.nio.file.Path;

/**
 * What a project does to its jobs' worktrees beyond git, as the core asks it of the room that
 * bootstraps them: the spawn's one line on what a new worktree will get before its agent starts,
 * and the project's teardown before a worktree is removed.
 */
public interface WorktreeBootstrap {
    WorktreeBootstrap NONE = new WorktreeBootstrap() {
        @Override
        public String plan(Path repo, Path workdir) {
            return null;
        }

        @Override
        public void beforeRemoving(Workspace w) {
        }
    };

    /**
     * What a job's new worktree of {@code repo} will get before its agent starts, for a job working in
     * {@code workdir}: one line for the spawn's answer ("copies what .worktreeinclude names; …"), or null
     * for nothing. Cheap: it looks, it does nothing.
     */
    String plan(Path repo, Path workdir);

    /**
     * Runs the project's teardown in a job's worktree about to be removed, when it has one: blocking,
     * bounded in time, and whatever happens the removal goes on.
     */
    void beforeRemoving(Workspace w);
}
