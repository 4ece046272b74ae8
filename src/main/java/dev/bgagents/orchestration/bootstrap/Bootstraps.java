package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.core.WorktreeBootstrap;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.summary.SummaryPart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Worktree bootstrap, the room: what a job's new worktree gets before its agent starts — the ignored
 * files the project names, its dependency folders made again from the checkout's or installed, its
 * setup command — as steps of the job ({@link BootstrapStep}, {@link SetupStep}), each on record with
 * its own log and time; the line the spawn's answer and the summary say of it; and the project's
 * teardown before a worktree is removed.
 */
public final class Bootstraps implements WorktreeBootstrap {
    private final WorktreeSettings settings;
    private final JobStore store;
    private final List<JobStep> steps;
    private final Spares spares = new Spares();

    public Bootstraps(WorktreeSettings settings, JobStore store) {
        this.settings = settings;
        this.store = store;
        this.steps = List.of(new BootstrapStep(settings, spares), new SetupStep(settings));
    }

    /** Stops making spare dependency folders, and any copy under way. */
    public void close() {
        spares.close();
    }

    /** The steps before the agent, in order. */
    public List<JobStep> steps() {
        return steps;
    }

    public SummaryPart summary() {
        return new BootstrapSummary();
    }

    @Override
    public String plan(Path repo, Path workdir) {
        List<String> will = new ArrayList<>();
        if (Includes.named(repo, settings.include())) {
            will.add("copies the ignored files named in " + (settings.include().isEmpty() ? Includes.FILE
                    : Files.exists(repo.resolve(Includes.FILE)) ? Includes.FILE + " and worktree.include" : "worktree.include"));
        }
        for (Dependency d : Dependency.of(repo, Fresh.subdir(repo, workdir), settings)) {
            will.add(d.folder() + " from the checkout if " + d.lockfile() + " matches");
        }
        if (!settings.setup().isEmpty()) {
            will.add("setup `" + String.join(" ", settings.setup()) + "`");
        }
        return will.isEmpty() ? null : "bootstrap before the agent: " + String.join("; ", will);
    }

    @Override
    public void beforeRemoving(Workspace w) {
        String job = w.path().getFileName().toString();
        Path log = JobStore.ID.matcher(job).matches() && Files.isDirectory(store.files(job).dir())
                ? store.files(job).teardownLog() : null;
        Teardown.run(settings, w, log);
    }
}
