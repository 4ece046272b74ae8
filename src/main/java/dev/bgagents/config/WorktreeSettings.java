package dev.bgagents.config;

import java.util.List;

/**
 * bg-agents.json "worktree": what a job's worktree gets before its agent starts, and what runs
 * before it is removed. Nothing is copied, reused or run that the project did not name (or that
 * bg-agents does not detect as a dependency folder with its lockfile).
 *
 * @param include             gitignore patterns of ignored files to copy from the checkout (beside {@code .worktreeinclude})
 * @param dependencies        dependency folders beyond those detected, each reused when its lockfile matches
 * @param setup               a command run in a new worktree before the agent (an argument vector; empty: none)
 * @param teardown            a command run in a worktree before it is removed (empty: none)
 * @param setupTimeoutMinutes bound on the setup, the teardown and each dependency install
 * @param spares              whether a copy of each reused dependency folder is made ahead for the next job (a
 *                            rename then gives it one): as much disk again as one worktree's copy, where the file
 *                            system cannot clone
 */
public record WorktreeSettings(List<String> include, List<Dependency> dependencies, List<String> setup,
                               List<String> teardown, double setupTimeoutMinutes, boolean spares) {
    public static final WorktreeSettings NONE = new WorktreeSettings(List.of(), List.of(), List.of(), List.of(), 10, true);

    public WorktreeSettings {
        include = include == null ? List.of() : List.copyOf(include);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        setup = setup == null ? List.of() : List.copyOf(setup);
        teardown = teardown == null ? List.of() : List.copyOf(teardown);
    }

    /**
     * A dependency folder the project names, relative to the repository's top.
     *
     * @param install what makes it when the lockfile differs (run where the lockfile is); empty: nothing
     * @param link    a symlink to the checkout's folder instead of a copy: only for a folder nothing in a
     *                worktree ever writes into (an install there writes into the person's checkout)
     */
    public record Dependency(String folder, String lockfile, List<String> install, boolean link) {
        public Dependency {
            install = install == null ? List.of() : List.copyOf(install);
        }
    }
}
