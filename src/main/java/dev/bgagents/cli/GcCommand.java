package dev.bgagents.cli;

import dev.bgagents.config.Config;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.bootstrap.Bootstraps;
import dev.bgagents.orchestration.core.WorktreeGc;
import dev.bgagents.project.StateLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code gc}: removes the worktrees nobody needs, never unmerged work unless told. */
@Command(name = "gc",
        description = "Remove worktrees of merged jobs and of cancelled jobs that did nothing.")
final class GcCommand implements Callable<Integer> {
    @Mixin
    OneProject scope;

    @Option(names = "--force", description = "also remove worktrees with unmerged work")
    boolean force;

    @Override
    public Integer call() throws Exception {
        JobStore store = new JobStore(new StateLayout(scope.single()).jobs());
        store.load();
        // the project's teardown runs in each worktree before it goes, as when a server removes it
        Config config;
        try {
            config = ConfigLoader.load(scope.single());
        } catch (ConfigLoader.ConfigException e) {
            System.err.println(e.getMessage() + " (gc goes on without the worktree teardown)");
            config = Config.DEFAULTS;
        }
        WorktreeGc.Report report = WorktreeGc.run(store, Duration.ZERO, force, new Bootstraps(config.worktree(), store));
        Terminal term = Terminal.detect();
        report.removed().forEach(l -> System.out.println(term.state("succeeded", "removed  ") + l));
        report.kept().forEach(l -> System.out.println(term.dim("kept     ") + l));
        if (report.removed().isEmpty() && report.kept().isEmpty()) {
            System.out.println("nothing to clean up");
        }
        return 0;
    }
}
