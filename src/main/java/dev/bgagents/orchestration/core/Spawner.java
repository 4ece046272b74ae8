package dev.bgagents.orchestration.core;





import dev.bgagents.orchestration.api.Spawning;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Permissions;
import dev.bgagents.providers.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.project.Confinement;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.routing.Routing;
import dev.bgagents.runtime.JobRuntime;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * spawn_agent's work: a request checked whole — paths confined, provider installed, dependencies
 * able to succeed — before anything is made; then the job's branch (its starting point fixed
 * now, its checkout when it starts) and the job itself.
 */
public final class Spawner {
    /** A prompt or task file larger than this is refused: no agent context holds it usefully. */
    public static final int MAX_PROMPT_BYTES = 4 * 1024 * 1024;

    private final Path project;
    private final Config config;
    private final Confinement confinement;
    private final Providers providers;
    private final JobFactory factory;
    private final JobRuntime runtime;
    private final Ids lookup;
    private final FallbackChains fallbacks;
    private final CheckChoice checks;

    public Spawner(Path project, Config config, Confinement confinement, Providers providers, JobFactory factory,
                   JobRuntime runtime, Ids lookup, FallbackChains fallbacks, CheckChoice checks) {
        this.project = project;
        this.config = config;
        this.confinement = confinement;
        this.providers = providers;
        this.factory = factory;
        this.runtime = runtime;
        this.lookup = lookup;
        this.fallbacks = fallbacks;
        this.checks = checks;
    }

    /** The job's own limits, each one it lacks from the config's "budget". */
    public static Budget jobBudget(Budget asked, Config config) {
        return (asked == null ? Budget.NONE : asked).or(Budget.of(config.budget()));
    }

    /** One job, its check the one {@code r} names. */
    public Spawning.Started spawn(Spawning.Request r) {
        return spawn(r, null, null);
    }

    /**
     * One job; {@code group} is the best-of-N group it is an attempt of, or null; {@code check} the
     * check its group chose for all its attempts, or null to take the one {@code r} names.
     */
    public Spawning.Started spawn(Spawning.Request r, String group, VerifySpec check) {
        List<String> dependsOn = dependencies(r.dependsOn());
        String providerName = r.provider() == null || r.provider().isBlank() ? config.defaultProvider() : r.provider();
        Path workdir = workdir(r.workdir());
        String prompt = prompt(r.prompt(), r.taskFile(), workdir);
        Permissions permissions = r.permissions() != null ? r.permissions() : Permissions.WORKSPACE_WRITE;
        double timeout = r.timeoutMinutes() != null ? r.timeoutMinutes() : config.timeoutMinutes();
        double stall = r.stallMinutes() != null ? r.stallMinutes() : config.stallMinutes();
        List<String> notes = new ArrayList<>();
        if (providerName.equals("auto")) {
            try {
                Routing.Choice choice = providers.route(prompt);
                providerName = choice.provider();
                notes.add("auto chose " + choice.provider() + " for " + choice.kind().wire() + " work");
            } catch (Providers.UnavailableException e) {
                throw new Refusal(e.getMessage());
            }
        }
        if (r.files() != null) {
            for (String f : r.files()) {
                confine(() -> {
                    confinement.declared("files", f, workdir);
                    return null;
                });
            }
        }
        String base = r.base();
        if (base != null && (base.isBlank() || base.startsWith("-") || base.chars().anyMatch(Character::isISOControl))) {
            throw new Refusal("base " + Refusal.quoted(base) + " is not a revision: name a branch, tag or commit");
        }
        String model = JobFactory.checkedModel(r.model());
        VerifySpec verify = check != null ? check : checks.resolve(r.verify(), r.fixAttempts(), workdir);
        Optional<Path> repo = ProjectDir.gitTop(workdir);
        // a repository without a commit has nothing to branch from: such a job runs in place
        boolean emptyRepo = repo.isPresent() && r.base() == null && !Worktrees.hasCommits(repo.get());
        boolean useWorktree = repo.isPresent() && !emptyRepo && !Boolean.FALSE.equals(r.worktree());
        String runner = RemoteJobs.runner(r.runner(), config.runners(), useWorktree, verify);
        if (r.base() != null && !useWorktree) {
            throw new Refusal("base needs a worktree: " + (repo.isEmpty() ? workdir + " is not a git repository"
                    : "drop worktree=false or base"));
        }
        // refuse an unusable provider before anything is created on disk
        String provider = factory.resolve(providerName).cli().name();
        List<String> chain = fallbacks.chain(r.fallback(), provider, notes);
        // an ask job goes on under ask or not at all: a CLI that cannot ask would deny in silence
        List<String> fallback = permissions != Permissions.ASK ? chain
                : chain.stream().filter(p -> factory.resolve(p).cli().canAsk()).toList();
        if (fallback.size() < chain.size()) {
            notes.add("fallback leaves out " + String.join(", ", chain.stream().filter(p -> !fallback.contains(p))
                    .toList()) + " (cannot ask)");
        }
        if (!fallback.isEmpty()) {
            notes.add("falls back to " + String.join(", ", fallback) + " if " + provider + " cannot serve it");
        }
        String id = null;
        Workspace workspace = null;
        Path jobDir = workdir;
        if (useWorktree) {
            id = factory.newId(provider);
            // a job that waits for others gets its branch when it starts, from their work
            List<String> files = WorkspaceProvisioner.declared(repo.get(), workdir, r.files());
            workspace = !dependsOn.isEmpty() && r.base() == null
                    ? WorkspaceProvisioner.planned(factory.worktrees(), repo.get(), id, "bg/" + id, files)
                    : WorkspaceProvisioner.reserve(factory.worktrees(), repo.get(), id, null, r.base(), files);
            jobDir = WorkspaceProvisioner.jobDir(workspace, workdir);
        }
        Job job;
        try {
            job = factory.draft(provider, prompt, jobDir).id(id).workspace(workspace).spec(b -> b.model(model)
                    .permissions(permissions.wire()).limits(timeout, stall).dependsOn(dependsOn).verify(verify)
                    .group(group).fallback(fallback, null).budgets(jobBudget(r.budget(), config), null)
                    .deliver(r.deliver()).runner(runner)).submit();
        } catch (RuntimeException e) {
            if (workspace != null) {
                WorkspaceProvisioner.discard(factory.bootstrap(), workspace);
            }
            throw e;
        }
        if (!job.spec().limits().budget().isEmpty()) {
            notes.add("budget " + job.spec().limits().budget().describe());
        }
        if (workspace != null) {
            String bootstrap = factory.bootstrap().plan(repo.get(), workdir);
            if (bootstrap != null) {
                notes.add(bootstrap);
            }
        }
        if (repo.isEmpty()) {
            notes.add("runs in place: not a git repository");
        } else if (emptyRepo && !Boolean.FALSE.equals(r.worktree())) {
            notes.add("runs in place: the repository has no commits to branch from");
        }
        List<Job> active = runtime.store().all().stream().filter(j -> j.status().isActive()).toList();
        String overlap = Overlaps.of(List.of(job), active, Set.of(job.id())).get(job.id());
        if (overlap != null) {
            notes.add(overlap);
        }
        return started(job, notes);
    }

    public Spawning.Started started(Job job, List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        if (job.state().noPorts() != null) {
            all.add("no port block, $PORT unset: " + job.state().noPorts());
        }
        return new Spawning.Started(job, runtime.running(), runtime.maxConcurrent(), runtime.preparing(job.id()), all);
    }

    /** An existing directory from a request's {@code workdir} (relative to the project), or the project. */
    public Path workdir(String arg) {
        if (arg == null || arg.isBlank()) {
            return project;
        }
        return confine(() -> confinement.directory("workdir", arg, project));
    }

    /** Dependencies named by the caller: existing jobs that can still succeed, each once. */
    private List<String> dependencies(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            Job dep = lookup.job(id);
            if (dep.status().isTerminal() && dep.status() != JobStatus.SUCCEEDED) {
                throw new Refusal("depends_on " + dep.id() + ", which " + dep.status().wire() + ": it will not "
                        + "succeed; drop it, or resume it first");
            }
            if (!out.contains(dep.id())) {
                out.add(dep.id());
            }
        }
        return out;
    }

    private String prompt(String prompt, String taskFile, Path workdir) {
        if (prompt != null && taskFile != null) {
            throw new Refusal("give either \"prompt\" or \"task_file\", not both");
        }
        if (taskFile != null) {
            Path file = confine(() -> confinement.file("task_file", taskFile, workdir));
            try {
                if (Files.size(file) > MAX_PROMPT_BYTES) {
                    throw new Refusal("task_file is larger than 4 MB: split the task");
                }
                prompt = Files.readString(file, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                throw new Refusal("task_file " + Refusal.quoted(taskFile) + " is not UTF-8 text");
            } catch (IOException e) {
                throw new Refusal("cannot read task_file " + Refusal.quoted(taskFile) + ": " + e.getMessage());
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw new Refusal("missing \"prompt\": say what the agent should do (or pass task_file)");
        }
        if (prompt.getBytes(StandardCharsets.UTF_8).length > MAX_PROMPT_BYTES) {
            throw new Refusal("prompt is larger than 4 MB: put the material in files and point the agent at them");
        }
        return prompt;
    }

    /** A path check of {@link Confinement}, its refusal as a {@link Refusal}. */
    public static <T> T confine(Check<T> check) {
        try {
            return check.run();
        } catch (Confinement.Refused e) {
            throw new Refusal(e.getMessage());
        }
    }

    public interface Check<T> {
        T run() throws Confinement.Refused;
    }
}
