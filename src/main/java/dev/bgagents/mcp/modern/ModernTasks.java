package dev.bgagents.mcp.modern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.jobs.Job;
import dev.bgagents.mcp.tasks.TaskJob;
import dev.bgagents.mcp.tasks.TaskOutcome;
import dev.bgagents.mcp.tools.Answer;
import dev.bgagents.mcp.tools.SummaryAnswer;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.PlanViews;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.summary.SummaryRenderer;

import java.time.Instant;
import java.util.Map;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}) of the stateless protocol over the
 * job store: a job started by a call is a task whose id is the job's, and a plan run is a task
 * {@code plan:<session>} that ends when its last job does. When a task is done, {@code tasks/get}
 * carries what read_summary answers (the plan's summary for a plan), so the host can hand the
 * model the result without another call. A job that failed is a completed call whose result is
 * an error — the model reads why — as a failed tool call is in MCP. A task whose job fell back to
 * another provider follows the chain ({@link TaskJob}), as the 2025-11-25 tasks do.
 */
final class ModernTasks {
    static final String PLAN_PREFIX = "plan:";

    private final ObjectMapper json;
    private final Watching watching;
    private final Summarizing summaries;
    private final Cancelling cancelling;
    private final PlanViews plans;

    ModernTasks(ObjectMapper json, Watching watching, Summarizing summaries, Cancelling cancelling, PlanViews plans) {
        this.json = json;
        this.watching = watching;
        this.summaries = summaries;
        this.cancelling = cancelling;
        this.plans = plans;
    }

    /** The answer to a call that started a job: the task it is. */
    ObjectNode created(Job job) {
        ObjectNode t = task(new TaskJob(job, job));
        t.put("resultType", "task");
        return t;
    }

    /** The answer to a call that started a plan run. */
    ObjectNode createdPlan(String session) {
        ObjectNode t = planTask(plans.run(session).orElseThrow());
        t.put("resultType", "task");
        return t;
    }

    /** {@code tasks/get}: where the task stands, and its result once done. */
    ObjectNode get(String taskId) {
        ObjectNode t;
        if (taskId.startsWith(PLAN_PREFIX)) {
            PlanViews.PlanRun run = plan(taskId);
            t = planTask(run);
            if (!run.active()) {
                t.set("result", result(Answer.of(run.summary(), Map.of("session", run.session(),
                        "summary", run.summary()))));
            }
        } else {
            TaskJob task = task(taskId);
            t = task(task);
            if (!task.active() && task.outcome() != TaskOutcome.CANCELLED) {
                t.set("result", toolResult(json, json.createObjectNode(), SummaryAnswer.of(
                        summaries.summary(task.first(), SummaryRenderer.DEFAULT_MAX_CHARS)), task.outcome().isError()));
            }
        }
        t.put("resultType", "complete");
        return t;
    }

    /** {@code tasks/cancel}: the job (every job of a plan run) is stopped; cancelling an ended one changes nothing. */
    void cancel(String taskId) {
        if (taskId.startsWith(PLAN_PREFIX)) {
            plan(taskId).tasks().stream().filter(t -> t.job().status().isActive())
                    .forEach(t -> cancelling.cancel(t.job().id()));
        } else {
            TaskJob task = task(taskId);
            if (task.active()) {
                cancelling.cancel(task.now().id());
            }
        }
    }

    private ObjectNode task(TaskJob task) {
        ObjectNode t = json.createObjectNode();
        t.put("taskId", task.id());
        t.put("status", task.outcome().modernWire());
        t.put("statusMessage", task.statusMessage(watching));
        t.put("createdAt", task.createdAt().toString());
        t.put("lastUpdatedAt", task.lastUpdatedAt().toString());
        // jobs are kept until the user removes them
        t.putNull("ttlMs");
        if (task.active()) {
            t.put("pollIntervalMs", TaskJob.POLL_INTERVAL_MS);
        }
        return t;
    }

    private ObjectNode planTask(PlanViews.PlanRun run) {
        ObjectNode t = json.createObjectNode();
        t.put("taskId", PLAN_PREFIX + run.session());
        t.put("status", run.active() ? "working" : "completed");
        long active = run.tasks().stream().filter(x -> x.job().status().isActive()).count();
        t.put("statusMessage", "plan " + run.session() + ": " + (run.tasks().size() - active) + " of "
                + run.tasks().size() + " tasks ended");
        Instant created = run.tasks().stream().map(x -> x.job().spec().createdAt()).min(Instant::compareTo)
                .orElse(Instant.now());
        t.put("createdAt", created.toString());
        t.put("lastUpdatedAt", Instant.now().toString());
        t.putNull("ttlMs");
        if (run.active()) {
            t.put("pollIntervalMs", TaskJob.POLL_INTERVAL_MS);
        }
        return t;
    }

    /** A tool call's result, as the call itself would have answered. */
    private ObjectNode result(Answer a) {
        return toolResult(json, json.createObjectNode(), a, a.isError());
    }

    /** Writes {@code a} into {@code r} as a CallToolResult: its text, its structured part, {@code isError}. */
    static ObjectNode toolResult(ObjectMapper json, ObjectNode r, Answer a, boolean isError) {
        r.putArray("content").addObject().put("type", "text").put("text", a.text());
        if (a.structured() != null) {
            r.set("structuredContent", json.valueToTree(a.structured()));
        }
        r.put("isError", isError);
        return r;
    }

    private TaskJob task(String taskId) {
        try {
            return TaskJob.of(watching, taskId);
        } catch (Refusal e) {
            throw new ModernEndpoint.Failure(ModernEndpoint.INVALID_PARAMS, "Task not found: " + e.getMessage());
        }
    }

    private PlanViews.PlanRun plan(String taskId) {
        return plans.run(taskId.substring(PLAN_PREFIX.length())).filter(r -> !r.tasks().isEmpty())
                .orElseThrow(() -> new ModernEndpoint.Failure(ModernEndpoint.INVALID_PARAMS,
                        "Task not found: no plan run " + taskId));
    }
}
