package dev.bgagents.mcp.modern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.mcp.tools.Answer;
import dev.bgagents.mcp.tools.SummaryAnswer;
import dev.bgagents.orchestration.Cancelling;
import dev.bgagents.orchestration.PlanViews;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.Summarizing;
import dev.bgagents.orchestration.Watching;
import dev.bgagents.summary.JobLine;
import dev.bgagents.summary.SummaryRenderer;

import java.time.Instant;
import java.util.Map;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}) of the stateless protocol over the
 * job store: a job started by a call is a task whose id is the job's, and a plan run is a task
 * {@code plan:<session>} that ends when its last job does. When a task is done, {@code tasks/get}
 * carries what read_summary answers (the plan's summary for a plan), so the host can hand the
 * model the result without another call. A job that failed is a completed call whose result is
 * an error — the model reads why — as a failed tool call is in MCP.
 */
final class ModernTasks {
    /** The host polls this often: an agent's end is heard of within about a second. */
    static final long POLL_INTERVAL_MS = 1_000;
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
        ObjectNode t = task(job);
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
            Job job = job(taskId);
            t = task(job);
            if (job.status().isTerminal() && job.status() != JobStatus.CANCELLED) {
                t.set("result", result(SummaryAnswer.of(summaries.summary(job, SummaryRenderer.DEFAULT_MAX_CHARS))));
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
            Job job = job(taskId);
            if (job.status().isActive()) {
                cancelling.cancel(job.id());
            }
        }
    }

    private ObjectNode task(Job job) {
        ObjectNode t = json.createObjectNode();
        t.put("taskId", job.id());
        t.put("status", status(job.status()));
        t.put("statusMessage", JobLine.line(job, Instant.now(), watching.activity(job)));
        t.put("createdAt", job.spec().createdAt().toString());
        Instant updated = job.state().endedAt() != null ? job.state().endedAt()
                : job.state().startedAt() != null ? job.state().startedAt() : job.spec().createdAt();
        t.put("lastUpdatedAt", updated.toString());
        // jobs are kept until the user removes them
        t.putNull("ttlMs");
        if (job.status().isActive()) {
            t.put("pollIntervalMs", POLL_INTERVAL_MS);
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
            t.put("pollIntervalMs", POLL_INTERVAL_MS);
        }
        return t;
    }

    static String status(JobStatus s) {
        return switch (s) {
            case QUEUED, RUNNING -> "working";
            case CANCELLED -> "cancelled";
            case SUCCEEDED, FAILED, TIMED_OUT, LOST -> "completed";
        };
    }

    /** A tool call's result, as the call itself would have answered; a job that did not succeed is an error. */
    private ObjectNode result(Answer a) {
        return toolResult(json, json.createObjectNode(), a, a.isError() || a.structured() != null && failed(a));
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

    private static boolean failed(Answer a) {
        Object status = a.structured().get("status");
        return "failed".equals(status) || "timed_out".equals(status) || "lost".equals(status);
    }

    private Job job(String taskId) {
        try {
            return watching.job(taskId);
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
