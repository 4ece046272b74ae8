package dev.bgagents.mcp;

import dev.bgagents.text.Clip;
import dev.bgagents.agents.Permissions;
import dev.bgagents.git.GitException;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.git.Worktree;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Workspace;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import io.modelcontextprotocol.spec.McpSchema;

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
 * spawn_agent with a plan session: one job per task, each on its task file and provider, held
 * until the jobs of its dependencies succeed and then started on their branches — so one call
 * runs a whole plan wave by wave. Everything is checked before the first job is created.
 */
final class PlanRunner {
    private static final List<String> FROM_THE_PLAN = List.of("prompt", "task_file", "provider", "depends_on",
            "base", "files", "workdir");

    private final ServerContext ctx;

    PlanRunner(ServerContext ctx) {
        this.ctx = ctx;
    }

    McpSchema.CallToolResult run(ToolArgs args) {
        for (String k : FROM_THE_PLAN) {
            if (args.has(k)) {
                throw new BadInput("\"" + k + "\" comes from the plan when session is given: drop it");
            }
        }
        String session = args.string("session");
        PlanStatus plan = ctx.plans().load(session).orElseThrow(() -> new BadInput("unknown plan session \""
                + ServerContext.clip(session) + "\": pass the session decompose_plan answered with"));
        String taskId = args.string("task_id");
        Integer wave = args.integer("wave", 1, 100);
        if (taskId != null && wave != null) {
            throw new BadInput("give task_id or wave, not both");
        }
        Permissions permissions = Permissions.fromWire(args.choice("permissions",
                List.of("read-only", "workspace-write", "full"), "workspace-write")).orElseThrow();
        Double timeoutArg = args.number("timeout_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        Double stallArg = args.number("stall_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        double timeout = timeoutArg != null ? timeoutArg : ctx.config().timeoutMinutes();
        double stall = stallArg != null ? stallArg : ctx.config().stallMinutes();
        boolean useWorktrees = !Boolean.FALSE.equals(args.bool("worktree"));
        String model = ServerContext.model(args.string("model"));

        List<PlanTask> chosen = choose(plan, taskId, wave);
        Map<String, String> jobOf = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<PlanTask> toRun = new ArrayList<>();
        for (PlanTask t : chosen) {
            Optional<Job> earlier = Optional.ofNullable(t.jobId()).flatMap(ctx.store()::get);
            if (earlier.isPresent() && (earlier.get().status().isActive()
                    || earlier.get().status() == JobStatus.SUCCEEDED)) {
                skipped.add(t.id() + " (" + earlier.get().id() + " " + earlier.get().status().wire() + ")");
                jobOf.put(t.id(), earlier.get().id());
            } else {
                toRun.add(t);
            }
        }
        if (toRun.isEmpty()) {
            throw new BadInput("nothing to run: every chosen task already has a job (" + String.join(", ", skipped)
                    + "); job_status shows them");
        }
        Set<String> running = new HashSet<>();
        toRun.forEach(t -> running.add(t.id()));
        for (PlanTask t : toRun) {
            for (String d : t.dependsOn()) {
                if (running.contains(d) || jobOf.containsKey(d)) {
                    continue;
                }
                Optional<Job> dj = plan.task(d).map(PlanTask::jobId).flatMap(ctx.store()::get);
                if (dj.isPresent() && (dj.get().status().isActive() || dj.get().status() == JobStatus.SUCCEEDED)) {
                    jobOf.put(d, dj.get().id());
                    continue;
                }
                throw new BadInput("task " + t.id() + " depends on task " + d + (dj.isEmpty()
                        ? ", which has not run: run it first, or the whole plan (session alone)"
                        : ", whose job " + dj.get().id() + " " + dj.get().status().wire() + ": run task " + d
                        + " again first"));
            }
            try {
                AgentJobs.resolve(ctx, t.provider());
            } catch (BadInput e) {
                throw new BadInput("task " + t.id() + ": " + e.getMessage());
            }
        }
        Path workdir = Path.of(plan.workdir());
        if (!Files.isDirectory(workdir)) {
            throw new BadInput("the plan's workdir " + workdir + " is gone: decompose the plan again");
        }
        Path planDir = ctx.plans().dir(plan.session());
        Map<String, String> prompts = new LinkedHashMap<>();
        for (PlanTask t : toRun) {
            try {
                prompts.put(t.id(), Files.readString(planDir.resolve(t.taskFile()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new BadInput("cannot read the task file " + t.taskFile() + " of " + plan.session() + ": "
                        + e.getMessage());
            }
        }
        Optional<Path> repo = ProjectDir.gitTop(workdir);
        boolean worktrees = useWorktrees && repo.isPresent() && Worktrees.hasCommits(repo.get());

        List<Job> created = new ArrayList<>();
        try {
            for (PlanTask t : toRun) {
                created.add(start(plan, t, prompts.get(t.id()), jobOf, workdir, worktrees ? repo.get() : null,
                        permissions, timeout, stall, model));
                jobOf.put(t.id(), created.get(created.size() - 1).id());
            }
        } catch (RuntimeException | IOException | GitException e) {
            for (Job j : created) {
                Job ended = ctx.scheduler().cancel(j.id());
                if (ended.workspace() != null) {
                    SpawnAgentTool.discard(ended.workspace());
                }
            }
            throw new BadInput("could not start the plan (" + Clip.oneLine(e.getMessage(), 200) + "); the "
                    + created.size() + " jobs already created were cancelled");
        }
        ctx.planTracker().refresh(plan.session());
        return answer(plan, created, skipped);
    }

    private Job start(PlanStatus plan, PlanTask t, String prompt, Map<String, String> jobOf, Path workdir,
                      Path repo, Permissions permissions, double timeout, double stall, String model)
            throws IOException, GitException {
        List<String> deps = t.dependsOn().stream().map(jobOf::get).toList();
        String id = ctx.store().newId(AgentJobs.resolve(ctx, t.provider()).cli().name());
        Workspace ws = null;
        Path jobDir = workdir;
        if (repo != null) {
            String branch = uniqueBranch(repo, "impl/" + plan.feature() + "/" + t.stem());
            if (deps.isEmpty()) {
                ws = JobWorktrees.reserved(Worktrees.reserve(repo, id, branch, null), t.files());
            } else {
                ws = JobWorktrees.pending(repo, id, branch, t.files());
            }
            jobDir = Path.of(ws.path()).resolve(repo.relativize(workdir));
        }
        String branch = ws == null ? null : ws.branch();
        // recorded before the job exists, so a job that ends at once finds its task already pointing at it
        ctx.plans().update(plan.session(), p -> p.withTask(t.id(), x -> x.withJob(id, "queued", branch)));
        try {
            return AgentJobs.start(ctx, new AgentJobs.Request(id, t.provider(), prompt, jobDir, model, permissions,
                    timeout, stall, null, null, ws, deps, plan.session(), t.id()));
        } catch (RuntimeException e) {
            if (ws != null) {
                SpawnAgentTool.discard(ws);
            }
            ctx.plans().update(plan.session(), p -> p.withTask(t.id(), x -> x.withJob(null, null, null)));
            throw e;
        }
    }

    private String uniqueBranch(Path repo, String wanted) {
        Set<String> taken = new HashSet<>();
        ctx.store().all().stream().filter(j -> j.workspace() != null).forEach(j -> taken.add(j.workspace().branch()));
        String b = wanted;
        for (int k = 2; taken.contains(b) || Worktrees.branchExists(repo, b); k++) {
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
            throw new BadInput("plan " + plan.session() + " has no task \"" + ServerContext.clip(taskId)
                    + "\"; its tasks: " + String.join(", ", inWaveOrder.stream().map(PlanTask::id).toList()));
        }
        if (wave != null) {
            if (wave > plan.waves().size()) {
                throw new BadInput("plan " + plan.session() + " has " + plan.waves().size() + " waves, not " + wave);
            }
            return inWaveOrder.stream().filter(t -> plan.waves().get(wave - 1).contains(t.id())).toList();
        }
        return inWaveOrder;
    }

    /** Not started yet; preparing is asked first, as a job leaves it only once it has started. */
    private boolean waiting(Job j) {
        return !ctx.scheduler().preparing(j.id())
                && ctx.store().get(j.id()).map(x -> x.status() == JobStatus.QUEUED).orElse(false);
    }

    private McpSchema.CallToolResult answer(PlanStatus plan, List<Job> made, List<String> skipped) {
        // as they are now: a job whose worktree is being checked out has started, for the host
        List<Job> created = made.stream().map(j -> ctx.store().get(j.id()).orElse(j)).toList();
        long afterDeps = created.stream().filter(j -> waiting(j) && !j.spec().dependsOn().isEmpty()).count();
        long forSlot = created.stream().filter(j -> waiting(j) && j.spec().dependsOn().isEmpty()).count();
        long startedNow = created.size() - afterDeps - forSlot;
        StringBuilder text = new StringBuilder();
        text.append("Plan ").append(plan.session()).append(": ").append(startedNow).append(" started, ")
                .append(afterDeps).append(" queued until their dependencies succeed")
                .append(forSlot > 0 ? ", " + forSlot + " until a slot frees." : ".");
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Job j : created) {
            PlanTask t = plan.task(j.spec().planTask()).orElseThrow();
            text.append("\n").append(String.format("%02d", t.number())).append(" ").append(j.id()).append(' ')
                    .append(j.status().wire());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", t.id());
            m.put("job_id", j.id());
            m.put("status", j.status().wire());
            m.put("branch", j.workspace() == null ? null : j.workspace().branch());
            jobs.add(m);
        }
        if (!skipped.isEmpty()) {
            text.append("\nAlready run: ").append(String.join(", ", skipped));
        }
        text.append("\nWait: job_status wait=\"all\"; a failed task cancels only its dependents.");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", startedNow > 0 ? "running" : "queued");
        s.put("session", plan.session());
        s.put("jobs", jobs);
        if (created.size() == 1) {
            Job j = created.get(0);
            s.put("job_id", j.id());
            s.put("provider", j.spec().provider());
            s.put("branch", j.workspace() == null ? null : j.workspace().branch());
        }
        return Answers.ok(text.toString(), s);
    }
}
