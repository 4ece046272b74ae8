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
                .description("Delegate a coding task to another agent CLI running in the background — claude, codex, "
                        + "gemini, opencode, ollama, a configured provider, or auto — each in its own git worktree "
                        + "and branch. Answers at once with a job id while the agent works; then job_status "
                        + "wait=\"any\" blocks until it ends and read_summary gives a compact result. With session "
                        + "(from decompose_plan) it runs a whole plan, task by task.")
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
                                SpawnMode.PERMISSIONS),
                        "timeout_minutes", number("Wall-clock limit; the job is killed and marked timed_out after "
                                + "it. Default from config (30).", 0.01, MAX_TIMEOUT_MINUTES),
                        "stall_minutes", number("Kill the job when it prints nothing for this long. Default from "
                                + "config (10).", 0.01, MAX_TIMEOUT_MINUTES),
                        "worktree", bool("Run in a new git worktree on its own branch bg/<job_id> (default true in a "
                                + "git repository); false runs in place."),
                        "base", string("Branch, tag or commit the worktree starts from. Default: the current HEAD."),
                        "files", array("Files the task expects to touch; used to warn when parallel jobs overlap.",
                                string("A path relative to the repository.")),
                        "fallback", array("Providers to re-run the task on, in order, if its provider cannot serve it (rate "
                                + "limit, quota, auth, server down, unknown model); this id follows the chain. Default: "
                                + "the config's.", string("A provider.")),
                        "depends_on", array("Job ids that must succeed first: the job stays queued until they do "
                                + "(its worktree then starts from their branches) and is cancelled if one fails.",
                                string("A job id.")),
                        "verify", string("Check the work when the agent ends: auto (the repo's build/test command) or a "
                                + "check named in bg-agents.json; the job succeeds only if it passes. Plans: auto."),
                        "fix_attempts", integer("With verify: times the agent is resumed with the failing output. Default 0.",
                                0, 5),
                        "attempts", array("Best of N: the task on each provider at once, each checked; the group id returned "
                                + "goes to job_status, read_summary (ranked) and merge_worktree (the winner).",
                                string("A provider.")),
                        "session", string("A plan session from decompose_plan: runs its tasks (all of them, or "
                                + "task_id, or wave), each on its task file, provider and dependencies. prompt, "
                                + "provider and depends_on then come from the plan."),
                        "task_id", string("With session: run only this task (its dependencies must have run)."),
                        "wave", integer("With session: run only this wave (1 = first).", 1, 100),
                        "review_of", string("A finished job to review read-only, by default with another provider; answers "
                                + "VERDICT approve or changes, with findings."),
                        "max_cost_usd", number("Budget: stop the job (failed, over budget) past this cost. With session: "
                                + "the plan's total.", 0.0001, 10000),
                        "max_tokens", integer("Budget: input+output tokens; as max_cost_usd.", 1, 1_000_000_000),
                        "max_turns", integer("Budget: model turns; as max_cost_usd.", 1, 100_000),
                        "deliver", oneOf("pr: once the work passed (its verify too), push its branch and open a draft pull "
                                + "request with gh; the job's summary gives the URL. With session: one per task, stacked "
                                + "on the task it builds on. Default: none (merge_worktree).", SpawnMode.DELIVER),
                        "continue_from", string("An ended job whose worktree and branch another CLI (provider) goes on "
                                + "with, told the task, the last agent's message and the diff so far; prompt: what to "
                                + "do now.")))
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
            case RUNNING -> "Started " + who + where + ". Wait: job_status wait=\"any\".";
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
