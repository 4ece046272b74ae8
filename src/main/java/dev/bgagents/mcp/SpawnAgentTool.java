package dev.bgagents.mcp;

import dev.bgagents.text.Clip;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.Providers;
import dev.bgagents.routing.Routing;
import dev.bgagents.git.GitException;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.git.Worktree;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.Schemas.*;

/** spawn_agent: starts an agent CLI in the background and answers at once with the job id. */
final class SpawnAgentTool implements BgTool {
    static final String NAME = "spawn_agent";
    /** A prompt or task file larger than this is refused: no agent context holds it usefully. */
    static final int MAX_PROMPT_BYTES = 4 * 1024 * 1024;
    static final double MAX_TIMEOUT_MINUTES = 24 * 60;

    private final ServerContext ctx;

    SpawnAgentTool(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Spawn a background agent")
                .description("Start a coding-agent CLI (claude, codex, gemini, opencode, ollama, a configured "
                        + "provider, or auto) on a task in the background. Returns a job id at once; the agent keeps running. Then call job_status with "
                        + "wait=\"any\" to block until it ends, and read_summary for a compact result.")
                .inputSchema(object(List.of(),
                        "provider", string("Agent CLI to run: claude, codex, gemini, opencode, ollama, a custom "
                                + "provider from bg-agents.json, or auto (picks by task: claude for complex multi-file "
                                + "work, codex for migrations/models, gemini for tests/docs/review, ollama for small "
                                + "utils; among those installed). Default: the config's default_provider (claude)."),
                        "prompt", string("The task for the agent, self-contained: background, goal, files, "
                                + "constraints, expected output. Either this or task_file."),
                        "task_file", string("Path of a markdown file holding the task (relative to workdir). "
                                + "Either this or prompt."),
                        "workdir", string("Directory the agent works in, relative to the project or absolute. "
                                + "Default: the project directory."),
                        "model", string("Model name passed to the CLI. Default: the CLI's own default."),
                        "permissions", oneOf("What the agent may do: read-only (no edits), workspace-write "
                                + "(edit files in workdir; default), full (no permission checks).",
                                List.of("read-only", "workspace-write", "full")),
                        "timeout_minutes", number("Wall-clock limit; the job is killed and marked timed_out after "
                                + "it. Default from config (30).", 0.01, MAX_TIMEOUT_MINUTES),
                        "stall_minutes", number("Kill the job when it prints nothing for this long. Default from "
                                + "config (10).", 0.01, MAX_TIMEOUT_MINUTES),
                        "worktree", bool("Run in a new git worktree on its own branch bg/<job_id> (default true in a "
                                + "git repository); false runs in place."),
                        "base", string("Branch, tag or commit the worktree starts from. Default: the current HEAD."),
                        "files", array("Files the task expects to touch; used to warn when parallel jobs overlap.",
                                string("A path relative to the repository.")),
                        "depends_on", array("Job ids that must succeed first: the job stays queued until they do "
                                + "(its worktree then starts from their branches) and is cancelled if one fails.",
                                string("A job id.")),
                        "session", string("A plan session from decompose_plan: runs its tasks (all of them, or "
                                + "task_id, or wave), each on its task file, provider and dependencies. prompt, "
                                + "provider and depends_on then come from the plan."),
                        "task_id", string("With session: run only this task (its dependencies must have run)."),
                        "wave", integer("With session: run only this wave (1 = first).", 1, 100)))
                .outputSchema(openObject(List.of("status"),
                        "job_id", string("Id to pass to job_status, read_summary and cancel_job."),
                        "status", oneOf("running, or queued when the concurrency cap is reached.",
                                List.of("running", "queued", "failed")),
                        "provider", string("The CLI that runs the job."),
                        "permissions", string("The permission profile the agent runs with."),
                        "workdir", string("Where the agent works."),
                        "worktree", nullableString("The job's git worktree, when it has one."),
                        "branch", nullableString("The job's branch, when it has a worktree."),
                        "session", string("The plan session, when a plan was run."),
                        "jobs", array("For a plan: the job of each task started.", openObject(
                                List.of("task_id", "job_id", "status"),
                                "task_id", string("The plan task."),
                                "job_id", string("Its job."),
                                "status", string("running or queued."),
                                "branch", nullableString("Its branch.")))))
                .annotations(McpSchema.ToolAnnotations.builder().title("Spawn a background agent")
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(true).build())
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        if (args.string("session") != null) {
            return new PlanRunner(ctx).run(args);
        }
        if (args.has("task_id") || args.has("wave")) {
            throw new BadInput("task_id and wave pick tasks of a plan: pass the session decompose_plan gave too");
        }
        List<String> dependsOn = dependencies(ctx, args.strings("depends_on"));
        String providerName = args.string("provider");
        if (providerName == null || providerName.isBlank()) {
            providerName = ctx.config().defaultProvider();
        }
        Path workdir = ctx.workdir(args.string("workdir"));
        String prompt = prompt(args, workdir);
        Permissions permissions = Permissions.fromWire(args.choice("permissions",
                List.of("read-only", "workspace-write", "full"), "workspace-write")).orElseThrow();
        double timeout = orDefault(args.number("timeout_minutes", 0.01, MAX_TIMEOUT_MINUTES), ctx.config().timeoutMinutes());
        double stall = orDefault(args.number("stall_minutes", 0.01, MAX_TIMEOUT_MINUTES), ctx.config().stallMinutes());
        String model = ServerContext.model(args.string("model"));

        String routed = null;
        if (providerName.equals("auto")) {
            try {
                Routing.Choice choice = ctx.providers().route(prompt);
                providerName = choice.provider();
                routed = "auto chose " + choice.provider() + " for " + choice.kind().wire() + " work";
            } catch (Providers.UnavailableException e) {
                throw new BadInput(e.getMessage());
            }
        }
        List<String> files = args.strings("files");
        if (files != null) {
            for (String f : files) {
                ServerContext.confined(() -> {
                    ctx.confinement().declared("files", f, workdir);
                    return null;
                });
            }
        }
        Boolean wantWorktree = args.bool("worktree");
        String base = args.string("base");
        if (base != null && (base.isBlank() || base.startsWith("-") || base.chars().anyMatch(Character::isISOControl))) {
            throw new BadInput("base " + ServerContext.quoted(base) + " is not a revision: name a branch, tag or commit");
        }
        java.util.Optional<Path> repo = ProjectDir.gitTop(workdir);
        // a repository without a commit has nothing to branch from: such a job runs in place
        boolean emptyRepo = repo.isPresent() && base == null && !Worktrees.hasCommits(repo.get());
        boolean useWorktree = repo.isPresent() && !emptyRepo && !Boolean.FALSE.equals(wantWorktree);
        if (base != null && !useWorktree) {
            throw new BadInput("base needs a worktree: " + (repo.isEmpty() ? workdir + " is not a git repository"
                    : "drop worktree=false or base"));
        }
        // refuse an unusable provider before anything is created on disk
        Providers.Resolved resolved = AgentJobs.resolve(ctx, providerName);
        String id = null;
        Workspace workspace = null;
        Path jobDir = workdir;
        if (useWorktree) {
            id = ctx.store().newId(resolved.cli().name());
            if (!dependsOn.isEmpty() && base == null) {
                // made when the job starts, from its dependencies' branches
                workspace = JobWorktrees.pending(repo.get(), id, "bg/" + id, files);
                jobDir = Path.of(workspace.path()).resolve(repo.get().relativize(workdir));
            } else {
                try {
                    // checked out when the job starts, off this call's path
                    Worktree wt = Worktrees.reserve(repo.get(), id, null, base);
                    workspace = JobWorktrees.reserved(wt, files);
                    jobDir = wt.path().resolve(repo.get().relativize(workdir));
                } catch (GitException e) {
                    throw new BadInput(e.getMessage());
                }
            }
        }
        Job job;
        try {
            job = AgentJobs.start(ctx, new AgentJobs.Request(id, providerName, prompt, jobDir, model, permissions,
                    timeout, stall, null, null, workspace, dependsOn, null, null));
        } catch (RuntimeException e) {
            if (workspace != null) {
                discard(workspace);
            }
            throw e;
        }
        McpSchema.CallToolResult answer = answer(job, ctx.scheduler().activeIds().size(), ctx.config().maxConcurrent(),
                ctx.scheduler().preparing(job.id()));
        if (Boolean.TRUE.equals(answer.isError())) {
            return answer;
        }
        List<String> notes = new java.util.ArrayList<>();
        if (routed != null) {
            notes.add(routed);
        }
        if (repo.isEmpty()) {
            notes.add("runs in place: not a git repository");
        } else if (emptyRepo && !Boolean.FALSE.equals(wantWorktree)) {
            notes.add("runs in place: the repository has no commits to branch from");
        }
        List<Job> active = ctx.store().all().stream().filter(j -> j.status().isActive()).toList();
        String overlap = JobWorktrees.overlaps(List.of(job), active, java.util.Set.of(job.id())).get(job.id());
        if (overlap != null) {
            notes.add(overlap);
        }
        if (notes.isEmpty()) {
            return answer;
        }
        String text = ((McpSchema.TextContent) answer.content().get(0)).text() + " (" + String.join("; ", notes) + ")";
        return Answers.ok(text, (Map<String, Object>) answer.structuredContent());
    }

    /** Dependencies named by the caller: existing jobs that can still succeed, each once. */
    static List<String> dependencies(ServerContext ctx, List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String id : ids) {
            Job dep = ctx.job(id);
            if (dep.status().isTerminal() && dep.status() != JobStatus.SUCCEEDED) {
                throw new BadInput("depends_on " + dep.id() + ", which " + dep.status().wire() + ": it will not "
                        + "succeed; drop it, or resume it first");
            }
            if (!out.contains(dep.id())) {
                out.add(dep.id());
            }
        }
        return out;
    }

    /** A worktree (or reserved branch) made for a job that could not be recorded: nothing was done in it, so it goes. */
    static void discard(Workspace w) {
        try {
            Path repo = Path.of(w.repo());
            if (w.baseCommit() != null) {
                Worktrees.remove(JobWorktrees.toWorktree(w), true);
            }
            if (Worktrees.branchExists(repo, w.branch())) {
                dev.bgagents.git.Merger.deleteBranch(repo, w.branch(), null, true);
            }
        } catch (GitException ignored) {
            // best effort: gc prunes what is left
        }
    }

    private String prompt(ToolArgs args, Path workdir) {
        String prompt = args.string("prompt");
        String taskFile = args.string("task_file");
        if (prompt != null && taskFile != null) {
            throw new BadInput("give either \"prompt\" or \"task_file\", not both");
        }
        if (taskFile != null) {
            Path file = ServerContext.confined(() -> ctx.confinement().file("task_file", taskFile, workdir));
            try {
                if (Files.size(file) > MAX_PROMPT_BYTES) {
                    throw new BadInput("task_file is larger than 4 MB: split the task");
                }
                prompt = Files.readString(file, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                throw new BadInput("task_file " + ServerContext.clip(taskFile) + " is not UTF-8 text");
            } catch (IOException e) {
                throw new BadInput("cannot read task_file " + ServerContext.clip(taskFile) + ": " + e.getMessage());
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw new BadInput("missing \"prompt\": say what the agent should do (or pass task_file)");
        }
        if (prompt.getBytes(StandardCharsets.UTF_8).length > MAX_PROMPT_BYTES) {
            throw new BadInput("prompt is larger than 4 MB: put the material in files and point the agent at them");
        }
        return prompt;
    }

    private static double orDefault(Double v, double fallback) {
        return v == null ? fallback : v;
    }

    static McpSchema.CallToolResult answer(Job job, int running, int cap, boolean preparing) {
        Workspace w = job.workspace();
        String where = w == null ? " in " + job.spec().workdir()
                : " on " + w.branch() + " in " + Path.of(w.repo()).relativize(Path.of(w.path()));
        String text = switch (job.status()) {
            case RUNNING -> "Started " + job.id() + " (" + job.spec().provider() + ", " + job.spec().permissions() + ")"
                    + where + ". Wait: job_status wait=\"any\".";
            case QUEUED -> preparing
                    ? "Starting " + job.id() + " (" + job.spec().provider() + ", " + job.spec().permissions() + ")"
                    + where + " once its worktree is checked out. Wait: job_status wait=\"any\"."
                    : job.spec().dependsOn().isEmpty()
                    ? "Queued " + job.id() + " (" + running + "/" + cap + " running); it starts when a slot frees."
                    + " Wait: job_status wait=\"any\"."
                    : "Queued " + job.id() + " (" + job.spec().provider() + ") until " + String.join(", ",
                    job.spec().dependsOn()) + " succeed; cancelled if one does not. Wait: job_status wait=\"all\".";
            default -> job.id() + " " + job.status().wire() + ": " + Clip.oneLine(String.valueOf(job.state().reason()), 160);
        };
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("status", job.status() == JobStatus.RUNNING || job.status() == JobStatus.QUEUED ? job.status().wire() : "failed");
        s.put("provider", job.spec().provider());
        s.put("permissions", job.spec().permissions());
        s.put("workdir", job.spec().workdir());
        s.put("worktree", w == null ? null : w.path());
        s.put("branch", w == null ? null : w.branch());
        return job.status().isTerminal() ? Answers.error(text) : Answers.ok(text, s);
    }
}
