package dev.bgagents.orchestration.plans;

import dev.bgagents.orchestration.core.CheckChoice;
import dev.bgagents.orchestration.core.FallbackChains;

import dev.bgagents.orchestration.core.RemoteJobs;
import dev.bgagents.orchestration.core.Spawner;

import dev.bgagents.orchestration.core.WorkspaceProvisioner;

import dev.bgagents.orchestration.core.JobFactory;

import dev.bgagents.orchestration.api.Spawning;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Permissions;
import dev.bgagents.config.Config;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.text.Clip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plan session run as jobs: one job per task, each on its task file and provider, held until
 * the jobs of its dependencies succeed and then started on their branches — so one call runs a
 * whole plan wave by wave. Everything is checked before the first job is created; tasks whose
 * job ran or runs are skipped, so running the plan again after a fix runs only what did not succeed.
 */
public final class PlanRunner {
    private final Config config;
    private final PlanSessions plans;
    private final PlanTracker tracker;
    private final JobFactory factory;
    private final JobRuntime runtime;
    private final FallbackChains fallbacks;
    private final CheckChoice checks;

    public PlanRunner(Config config, PlanSessions plans, PlanTracker tracker, JobFactory factory, JobRuntime runtime,
                      FallbackChains fallbacks, CheckChoice checks) {
        this.config = config;
        this.plans = plans;
        this.tracker = tracker;
        this.factory = factory;
        this.runtime = runtime;
        this.fallbacks = fallbacks;
        this.checks = checks;
    }

    private JobStore store() {
        return runtime.store();
    }

    public Spawning.PlanStarted run(Spawning.PlanRequest r) {
        PlanStatus plan = plans.load(r.session()).orElseThrow(() -> new Refusal("unknown plan session "
                + Refusal.quoted(r.session()) + ": pass the session decompose_plan answered with"));
        if (r.taskId() != null && r.wave() != null) {
            throw new Refusal("give task_id or wave, not both");
        }
        Permissions permissions = r.permissions() != null ? r.permissions() : Permissions.WORKSPACE_WRITE;
        double timeout = r.timeoutMinutes() != null ? r.timeoutMinutes() : config.timeoutMinutes();
        double stall = r.stallMinutes() != null ? r.stallMinutes() : config.stallMinutes();
        String model = JobFactory.checkedModel(r.model());

        List<PlanTask> chosen = choose(plan, r.taskId(), r.wave());
        Map<String, String> jobOf = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<PlanTask> toRun = new ArrayList<>();
        for (PlanTask t : chosen) {
            Optional<Job> earlier = Optional.ofNullable(t.jobId()).flatMap(store()::get);
            if (earlier.isPresent() && (earlier.get().status().isActive()
                    || earlier.get().status() == JobStatus.SUCCEEDED)) {
                skipped.add(t.id() + " (" + earlier.get().id() + " " + earlier.get().status().wire() + ")");
                jobOf.put(t.id(), earlier.get().id());
            } else {
                toRun.add(t);
            }
        }
        if (toRun.isEmpty()) {
            throw new Refusal("nothing to run: every chosen task already has a job (" + String.join(", ", skipped)
                    + "); job_status shows them");
        }
        checkDependencies(plan, toRun, jobOf);
        Path workdir = Path.of(plan.workdir());
        if (!Files.isDirectory(workdir)) {
            throw new Refusal("the plan's workdir " + workdir + " is gone: decompose the plan again");
        }
        // each task is checked with the plan's command, the one its task file tells the agent to run
        VerifySpec check = checks.orAuto(r.verify(), r.fixAttempts(), workdir);
        Map<String, String> prompts = prompts(plan, toRun);
        Optional<Path> repo = ProjectDir.gitTop(workdir);
        boolean worktrees = !Boolean.FALSE.equals(r.worktree()) && repo.isPresent() && Worktrees.hasCommits(repo.get());
        // the call's runner over each task's "Runner:" line over the config's default, all refused before any starts
        Map<String, String> runnerOf = new java.util.HashMap<>();
        for (PlanTask t : toRun) {
            runnerOf.put(t.id(), RemoteJobs.runner(r.runner() != null ? r.runner() : t.runner(), config.runners(),
                    worktrees, check));
        }

        List<Job> created = new ArrayList<>();
        try {
            for (PlanTask t : toRun) {
                Job j = start(plan, t, prompts.get(t.id()), jobOf, workdir, worktrees ? repo.get() : null,
                        permissions, timeout, stall, model, check, r.budget(), r.deliver(),
                        runnerOf.get(t.id()));
                created.add(j);
                jobOf.put(t.id(), j.id());
            }
        } catch (RuntimeException e) {
            for (Job j : created) {
                Job ended = runtime.cancel(j.id());
                if (ended.workspace() != null) {
                    WorkspaceProvisioner.discard(factory.bootstrap(), ended.workspace());
                }
            }
            throw new Refusal("could not start the plan (" + Clip.oneLine(e.getMessage(), 200) + "); the "
                    + created.size() + " jobs already created were cancelled");
        }
        tracker.refresh(plan.session());
        return started(plan, created, skipped);
    }

    private void checkDependencies(PlanStatus plan, List<PlanTask> toRun, Map<String, String> jobOf) {
        Set<String> running = new HashSet<>();
        toRun.forEach(t -> running.add(t.id()));
        for (PlanTask t : toRun) {
            for (String d : t.dependsOn()) {
                if (running.contains(d) || jobOf.containsKey(d)) {
                    continue;
                }
                Optional<Job> dj = plan.task(d).map(PlanTask::jobId).flatMap(store()::get);
                if (dj.isPresent() && (dj.get().status().isActive() || dj.get().status() == JobStatus.SUCCEEDED)) {
                    jobOf.put(d, dj.get().id());
                    continue;
                }
                throw new Refusal("task " + t.id() + " depends on task " + d + (dj.isEmpty()
                        ? ", which has not run: run it first, or the whole plan (session alone)"
                        : ", whose job " + dj.get().id() + " " + dj.get().status().wire() + ": run task " + d
                        + " again first"));
            }
            try {
                factory.resolve(t.provider());
            } catch (Refusal e) {
                throw new Refusal("task " + t.id() + ": " + e.getMessage());
            }
        }
    }

    private Map<String, String> prompts(PlanStatus plan, List<PlanTask> toRun) {
        Path planDir = plans.dir(plan.session());
        Map<String, String> prompts = new LinkedHashMap<>();
        for (PlanTask t : toRun) {
            try {
                prompts.put(t.id(), Files.readString(planDir.resolve(t.taskFile()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new Refusal("cannot read the task file " + t.taskFile() + " of " + plan.session() + ": "
                        + e.getMessage());
            }
        }
        return prompts;
    }

    private Job start(PlanStatus plan, PlanTask t, String prompt, Map<String, String> jobOf, Path workdir,
                      Path repo, Permissions permissions, double timeout, double stall, String model,
                      VerifySpec check, Budget planBudget, String deliver, String runner) {
        List<String> deps = t.dependsOn().stream().map(jobOf::get).toList();
        String id = factory.newId(t.provider());
        Workspace ws = null;
        Path jobDir = workdir;
        if (repo != null) {
            String branch = uniqueBranch(repo, "impl/" + plan.feature() + "/" + t.stem());
            List<String> files = WorkspaceProvisioner.declared(repo, workdir, t.files());
            ws = deps.isEmpty() ? WorkspaceProvisioner.reserve(factory.worktrees(), repo, id, branch, null, files)
                    : WorkspaceProvisioner.planned(factory.worktrees(), repo, id, branch, files);
            jobDir = WorkspaceProvisioner.jobDir(ws, workdir);
        }
        String branch = ws == null ? null : ws.branch();
        try {
            // recorded before the job exists, so a job that ends at once finds its task already pointing at it
            plans.update(plan.session(), p -> p.withTask(t.id(), x -> x.withJob(id, "queued", branch)));
            List<String> chain = fallbacks.chain(null, factory.resolve(t.provider()).cli().name(), new ArrayList<>());
            return factory.draft(t.provider(), prompt, jobDir).id(id).workspace(ws).spec(b -> b.model(model)
                    .permissions(permissions.wire()).limits(timeout, stall).dependsOn(deps)
                    .planTask(plan.session(), t.id()).verify(check).fallback(chain, null)
                    .budgets(Spawner.jobBudget(null, config), planBudget).deliver(deliver).runner(runner)).submit();
        } catch (IOException | RuntimeException e) {
            if (ws != null) {
                WorkspaceProvisioner.discard(factory.bootstrap(), ws);
            }
            try {
                plans.update(plan.session(), p -> p.withTask(t.id(), x -> x.withJob(null, null, null)));
            } catch (IOException ignored) {
                // the task keeps pointing at a job that does not exist: the next run starts it again
            }
            throw e instanceof RuntimeException re ? re : new Refusal(e.getMessage());
        }
    }

    private String uniqueBranch(Path repo, String wanted) {
        Set<String> taken = new HashSet<>();
        store().all().stream().filter(j -> j.workspace() != null).forEach(j -> taken.add(j.workspace().branch()));
        String b = wanted;
        for (int k = 2; taken.contains(b) || Worktrees.nameTaken(repo, b); k++) {
            b = wanted + "-" + k;
        }
        return b;
    }

    private static List<PlanTask> choose(PlanStatus plan, String taskId, Integer wave) {
        List<PlanTask> inWaveOrder = new ArrayList<>();
        for (List<String> w : plan.waves()) {
            w.forEach(id -> plan.task(id).ifPresent(inWaveOrder::add));
        }
        if (taskId != null) {
            for (PlanTask t : inWaveOrder) {
                if (t.id().equals(taskId) || t.stem().equals(taskId) || String.format("%02d", t.number()).equals(taskId)
                        || String.valueOf(t.number()).equals(taskId)) {
                    return List.of(t);
                }
            }
            throw new Refusal("plan " + plan.session() + " has no task " + Refusal.quoted(taskId)
                    + "; its tasks: " + String.join(", ", inWaveOrder.stream().map(PlanTask::id).toList()));
        }
        if (wave != null) {
            if (wave > plan.waves().size()) {
                throw new Refusal("plan " + plan.session() + " has " + plan.waves().size() + " waves, not " + wave);
            }
            return inWaveOrder.stream().filter(t -> plan.waves().get(wave - 1).contains(t.id())).toList();
        }
        return inWaveOrder;
    }

    /**
     * The created jobs as they are now: a job whose worktree is being checked out has started, for
     * the host; preparing is asked first, as a job leaves it only once it has started.
     */
    private Spawning.PlanStarted started(PlanStatus plan, List<Job> made, List<String> skipped) {
        List<Spawning.TaskJob> jobs = new ArrayList<>();
        for (Job m : made) {
            boolean preparing = runtime.preparing(m.id());
            Job j = store().get(m.id()).orElse(m);
            boolean waiting = !preparing && j.status() == JobStatus.QUEUED;
            PlanTask t = plan.task(j.spec().relations().planTask()).orElseThrow();
            jobs.add(new Spawning.TaskJob(t.id(), t.number(), j, waiting, waiting && !j.spec().relations().dependsOn().isEmpty()));
        }
        return new Spawning.PlanStarted(plan.session(), jobs, skipped);
    }
}
