package dev.bgagents.mcp.tools;

import dev.bgagents.agents.Budget;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.text.Clip;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

import static dev.bgagents.mcp.tools.Schemas.*;

/** spawn_agent: starts an agent CLI in the background — or every task of a plan — and answers at once. */
public final class SpawnAgentTool implements JobStartingTool {
    public static final String NAME = "spawn_agent";
    static final String TITLE = "Delegate a task to a background coding agent (claude, codex, gemini, …)";
    static final double MAX_TIMEOUT_MINUTES = 24 * 60;

    private final Spawning spawning;

    public SpawnAgentTool(Spawning spawning) {
        this.spawning = spawning;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("bg-agents: delegate a coding task to a background agent CLI (provider: claude, codex, "
                        + "gemini, opencode, ollama, auto or configured; model) in its own git worktree, branch "
                        + "bg/<job_id> from base (worktree=false: in workdir); run many in parallel. prompt or "
                        + "task_file: the task. depends_on: jobs to succeed first. files: flags overlaps. fallback: "
                        + "providers if it cannot serve. verify: auto or a check to pass; fix_attempts: retries on "
                        + "its failure. Limits: timeout_minutes, stall_minutes (no output), max_cost_usd, max_tokens, "
                        + "max_turns. attempts: best of N. review_of: review a job. session, task_id, wave: run a plan. "
                        + "deliver=pr: a draft pull request once it passes. continue_from: another CLI (provider) goes on "
                        + "with an ended job's worktree.")
                .inputSchema(object(List.of(),
                        "provider", string(),
                        "prompt", string(),
                        "task_file", string(),
                        "workdir", string(),
                        "model", string(),
                        "permissions", oneOf("Default workspace-write.", SpawnMode.PERMISSIONS),
                        "timeout_minutes", number(),
                        "stall_minutes", number(),
                        "worktree", bool(),
                        "base", string(),
                        "files", strings(),
                        "fallback", strings(),
                        "depends_on", strings(),
                        "verify", string(),
                        "fix_attempts", integer(),
                        "attempts", strings(),
                        "session", string(),
                        "task_id", string(),
                        "wave", integer(),
                        "review_of", string(),
                        "max_cost_usd", number(),
                        "max_tokens", integer(),
                        "max_turns", integer(),
                        "deliver", oneOf(null, SpawnMode.DELIVER),
                        "continue_from", string()))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("run it in the background; delegate to codex, gemini, claude, opencode or ollama; hand a task to another coding agent; parallel agents, each in a git worktree; run this plan"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(true).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        SpawnMode mode = SpawnMode.of(args);
        if (mode instanceof SpawnMode.Plan p) {
            return ManyJobsAnswer.plan(spawning.runPlan(p.request()));
        }
        if (mode instanceof SpawnMode.Attempts a) {
            return ManyJobsAnswer.group(spawning.spawnAttempts(a.request()));
        }
        return answer(started(mode));
    }

    /** As an MCP task: one job, whose end the task follows (a plan or a group is no one job). */
    @Override
    public Spawning.Started start(ToolArgs args) {
        SpawnMode mode = SpawnMode.of(args);
        if (mode instanceof SpawnMode.Attempts) {
            throw new BadInput("attempts starts one job per provider, not one task: call spawn_agent without \"task\"");
        }
        if (mode instanceof SpawnMode.Plan) {
            throw new BadInput("session runs a plan's tasks, not one task: call spawn_agent without \"task\"");
        }
        return started(mode);
    }

    /** spawn_agent {session} as one MCP task: every chosen task of the plan as a job. */
    public Spawning.PlanStarted runPlan(ToolArgs args) {
        if (!(SpawnMode.of(args) instanceof SpawnMode.Plan p)) {
            throw new BadInput("a plan task needs the session decompose_plan gave");
        }
        return spawning.runPlan(p.request());
    }

    private Spawning.Started started(SpawnMode mode) {
        if (mode instanceof SpawnMode.HandOff h) {
            return spawning.handOff(h.request());
        }
        return mode instanceof SpawnMode.Review r ? spawning.review(r.request())
                : spawning.spawn(((SpawnMode.One) mode).request());
    }

    /** What the host reads of a started job: one line, and its id, branch and worktree. */
    public static Answer answer(Spawning.Started s) {
        Job job = s.job();
        String where = job.branch() == null ? " in " + job.spec().workdir() : " on " + job.branch();
        String who = job.id() + " (" + job.spec().provider() + ", " + job.spec().run().permissions()
                + (job.spec().relations().reviewOf() == null ? "" : ", reviewing " + job.spec().relations().reviewOf())
                + (job.spec().relations().continuedFrom() == null ? "" : ", continuing " + job.spec().relations().continuedFrom())
                + ")";
        String text = switch (job.status()) {
            case RUNNING, WAITING -> "Started " + who + where + ". Wait: job_status wait=\"any\".";
            case QUEUED -> s.preparing()
                    ? "Starting " + who + where + " once its worktree is checked out. Wait: job_status wait=\"any\"."
                    : job.spec().relations().dependsOn().isEmpty()
                    ? "Queued " + job.id() + " (" + s.running() + "/" + s.cap() + " running); it starts when a slot frees."
                    + " Wait: job_status wait=\"any\"."
                    : "Queued " + job.id() + " (" + job.spec().provider() + ") until " + String.join(", ",
                    job.spec().relations().dependsOn()) + " succeed; cancelled if one does not. Wait: job_status wait=\"all\".";
            default -> job.state().startedAt() != null
                    // a quick job can end before its spawn is answered: it ran, and that is no error
                    ? "Started " + who + where + "; it has already ended: " + job.status().wire()
                    + ". Read it: read_summary."
                    : job.id() + " " + job.status().wire() + ": " + Clip.oneLine(String.valueOf(job.state().reason()), 160);
        };
        if (job.status().isTerminal() && job.state().startedAt() == null) {
            return Answer.error(text); // it never started: why is the answer
        }
        if (!s.notes().isEmpty()) {
            text += " (" + String.join("; ", s.notes()) + ")";
        }
        String next = job.status().isTerminal() ? "read_summary {job_id: \"" + job.id() + "\"}"
                : job.spec().relations().dependsOn().isEmpty() ? "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}"
                : "job_status {wait: \"all\"}: it starts once " + String.join(", ", job.spec().relations().dependsOn()) + " succeed";
        return Answer.of(text, new Output(job.id(), job.status(), job.spec().provider(), job.spec().run().permissions(),
                job.spec().relations().reviewOf(), job.branch() == null ? job.spec().workdir() : null,
                job.branch() == null ? null : job.worktree().toString(), job.branch(), s.notes().isEmpty() ? null : String.join("; ", s.notes()), next,
                null, null, null));
    }

    /**
     * What spawn_agent answers: one job (a spawn, a review), or several (a plan's tasks, a group's
     * attempts). A job that ended before the answer was made says how it ended.
     */
    record Output(@Out("Id to pass to job_status, read_summary and cancel_job.") String jobId,
                  @Out(value = "running, or queued when the concurrency cap is reached; how it ended, for a job that "
                          + "ended before this answer.", required = true) JobStatus status,
                  @Out("The CLI that runs the job.") String provider,
                  @Out("The permission profile the agent runs with.") String permissions,
                  @Out("For a review: the job it reviews.") String reviewOf,
                  @Out("Where the agent works, when it runs in place.") String workdir,
                  @Out("The job's git worktree, when it has one.") String worktree,
                  @Out("The job's branch, when it has a worktree.") String branch,
                  @Out("What to know: how auto chose, why it runs in place, overlapping jobs.") String notes,
                  @Out(value = "What to call next.", required = true) String next,
                  @Out("The plan session, when a plan was run.") String session,
                  @Out("The best-of-N group, when attempts were started.") String group,
                  @Out("For a plan: the job of each task started; for attempts: each attempt's.") List<Started> jobs) {
    }

    /** One of several jobs a call started. */
    record Started(@Out("The plan task.") String taskId,
                   @Out("The attempt's provider.") String provider,
                   @Out(value = "Its job.", required = true) String jobId,
                   @Out(value = "Its status now: running or queued, as a rule.", required = true) JobStatus status,
                   @Out("Its branch, when it has a worktree.") String branch) {
    }
}
