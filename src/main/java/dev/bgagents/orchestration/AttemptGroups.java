package dev.bgagents.orchestration;

import dev.bgagents.orchestration.checks.VerifyChecks;
import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.config.Config;
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
    static final int MIN_ATTEMPTS = 2;
    static final int MAX_ATTEMPTS = 5;

    private final Config config;
    private final JobRuntime runtime;
    private final Spawner spawner;

    AttemptGroups(Config config, JobRuntime runtime, Spawner spawner) {
        this.config = config;
        this.runtime = runtime;
        this.spawner = spawner;
    }

    Spawning.GroupStarted spawn(Spawning.Request r, Path workdir) {
        List<String> providers = r.attempts();
        if (providers.size() < MIN_ATTEMPTS || providers.size() > MAX_ATTEMPTS) {
            throw new Refusal("attempts takes " + MIN_ATTEMPTS + " to " + MAX_ATTEMPTS + " providers (got "
                    + providers.size() + "), e.g. [\"claude\", \"codex\", \"gemini\"]");
        }
        if (r.provider() != null) {
            throw new Refusal("give provider or attempts, not both: attempts names the provider of each attempt");
        }
        if (Boolean.FALSE.equals(r.worktree())) {
            throw new Refusal("attempts run side by side, each in a worktree of its own: drop worktree=false");
        }
        if (r.dependsOn() != null && !r.dependsOn().isEmpty()) {
            throw new Refusal("attempts do not take depends_on: start them once the work they build on is merged");
        }
        Optional<Path> repo = ProjectDir.gitTop(workdir);
        if (repo.isEmpty() || !Worktrees.hasCommits(repo.get())) {
            throw new Refusal("attempts need a git repository with a commit (each runs on a branch of its own): "
                    + workdir + (repo.isEmpty() ? " is not in one" : " has no commit yet"));
        }
        // every attempt is checked alike; without a verify, auto when the build files say how
        String verify = r.verify() != null ? r.verify()
                : new VerifyChecks(config).orAuto(null, r.fixAttempts(), workdir) != null ? "auto" : null;
        String group = runtime.store().newId("best");
        List<Spawning.Started> started = new ArrayList<>();
        try {
            for (String p : providers) {
                started.add(spawner.spawn(new Spawning.Request(p, r.prompt(), r.taskFile(), r.workdir(), r.model(),
                        r.permissions(), r.timeoutMinutes(), r.stallMinutes(), true, r.base(), r.files(), List.of(),
                        verify, r.fixAttempts(), null, r.fallback(), r.budget()), group));
            }
        } catch (RuntimeException e) {
            for (Spawning.Started s : started) {
                Job ended = runtime.cancel(s.job().id());
                if (ended.workspace() != null) {
                    WorkspaceProvisioner.discard(ended.workspace());
                }
            }
            String why = e instanceof Refusal ? e.getMessage() : Clip.oneLine(String.valueOf(e.getMessage()), 200);
            throw new Refusal("attempt " + (started.size() + 1) + " (" + providers.get(started.size()) + "): " + why
                    + (started.isEmpty() ? "" : "; the " + started.size() + " attempts already started were cancelled"));
        }
        return new Spawning.GroupStarted(group, started);
    }

    /** The attempts of {@code group}, in the order they were started; empty when it is no group. */
    static List<Job> of(List<Job> jobs, String group) {
        return jobs.stream().filter(j -> group.equals(j.spec().relations().group())).toList();
    }

    static boolean isGroupId(String id) {
        return id != null && id.startsWith("best-");
    }
}
