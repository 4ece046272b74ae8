package dev.bgagents.orchestration.attempts;

import dev.bgagents.orchestration.core.JobFactory;
import dev.bgagents.orchestration.core.Spawner;

import dev.bgagents.orchestration.core.WorkspaceProvisioner;

import dev.bgagents.orchestration.api.Spawning;

import dev.bgagents.orchestration.core.CheckChoice;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.text.Clip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Best of N: the same task run by several providers at once, each in a worktree of its own, each
 * checked with the same command; the group ({@code best-…}) is what the host waits on, reads and
 * merges, and {@link AttemptRanking} says which attempt won.
 */
final class AttemptGroups {
    private final JobRuntime runtime;
    private final Spawner spawner;
    private final JobFactory factory;
    private final CheckChoice checks;

    AttemptGroups(JobRuntime runtime, Spawner spawner, JobFactory factory, CheckChoice checks) {
        this.runtime = runtime;
        this.spawner = spawner;
        this.factory = factory;
        this.checks = checks;
    }

    /**
     * Starts the group, or refuses it with nothing left behind: every provider is checked usable
     * before the first attempt is made, and an attempt that still fails takes the ones started
     * before it with it — cancelled, and once a worktree being checked out for one is on record,
     * that worktree and its branch removed.
     */
    Spawning.GroupStarted spawn(Spawning.AttemptsRequest asked, Path workdir) {
        Spawning.Request r = asked.task();
        Optional<Path> repo = ProjectDir.gitTop(workdir);
        if (repo.isEmpty() || !Worktrees.hasCommits(repo.get())) {
            throw new Refusal("attempts need a git repository with a commit (each runs on a branch of its own): "
                    + workdir + (repo.isEmpty() ? " is not in one" : " has no commit yet"));
        }
        for (String p : asked.providers()) {
            try {
                factory.resolve(p);
            } catch (Refusal e) {
                throw new Refusal("attempts: " + Refusal.quoted(p) + ": " + e.getMessage() + "; nothing was started");
            }
        }
        // every attempt is checked alike: the check asked for, else auto where the build files say how,
        // resolved here once for all of them
        VerifySpec check = checks.orAuto(r.verify(), r.fixAttempts(), workdir);
        String group = runtime.store().newId("best");
        List<Spawning.Started> started = new ArrayList<>();
        try {
            for (String p : asked.providers()) {
                started.add(spawner.spawn(r.on(p), group, check));
            }
        } catch (RuntimeException e) {
            started.forEach(s -> undo(s.job().id()));
            String why = e instanceof Refusal ? e.getMessage() : Clip.oneLine(String.valueOf(e.getMessage()), 200);
            throw new Refusal("attempt " + (started.size() + 1) + " (" + asked.providers().get(started.size()) + "): "
                    + why + (started.isEmpty() ? "" : "; the " + started.size() + " attempts already started were "
                    + "cancelled and their worktrees removed"));
        }
        return new Spawning.GroupStarted(group, started);
    }

    /** An attempt of a group that could not start whole: cancelled, its worktree and branch gone once on record. */
    private void undo(String id) {
        runtime.cancel(id);
        // a checkout under way records its worktree when it is done, even for a cancelled job: wait for it
        long deadline = System.nanoTime() + 30_000_000_000L;
        long seen = runtime.store().changes();
        while (runtime.preparing(id) && System.nanoTime() < deadline) {
            try {
                runtime.store().awaitChange(seen, Math.min(deadline, System.nanoTime() + 200_000_000L));
                seen = runtime.store().changes();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Job ended = runtime.store().get(id).orElseThrow();
        if (ended.workspace() != null && !ended.workspace().removed()) {
            WorkspaceProvisioner.discard(factory.bootstrap(), ended.workspace());
            runtime.store().updateWorkspace(id, dev.bgagents.git.Workspace::removedNow);
        }
    }
}
