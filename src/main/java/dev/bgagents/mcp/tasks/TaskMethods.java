package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.mcp.tools.Answer;
import dev.bgagents.mcp.tools.Answers;
import dev.bgagents.mcp.tools.BadInput;
import dev.bgagents.mcp.tools.JobStartingTool;
import dev.bgagents.mcp.tools.SpawnAgentTool;
import dev.bgagents.mcp.tools.SummaryAnswer;
import dev.bgagents.mcp.tools.ToolArgs;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.summary.SummaryRenderer;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MCP tasks utility (protocol 2025-11-25) over the job store. A job is a task and its id is
 * the task id, so every job — however it was started — can be polled, awaited, listed and
 * cancelled as a task, and a task outlives a server restart exactly as its job does. A task whose
 * job fell back to another provider follows the chain ({@link TaskJob}).
 */
public final class TaskMethods {
    static final String GET = "tasks/get";
    static final String RESULT = "tasks/result";
    static final String LIST = "tasks/list";
    static final String CANCEL = "tasks/cancel";
    static final String STATUS_NOTIFICATION = "notifications/tasks/status";
    static final Set<String> METHODS = Set.of(GET, RESULT, LIST, CANCEL);
    /** The protocol revision that introduced tasks; older clients never see them. */
    static final String SINCE = "2025-11-25";
    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    static final String IMMEDIATE_RESPONSE = "io.modelcontextprotocol/model-immediate-response";
    static final int PAGE = 50;
    private static final long WAIT_SLICE_NANOS = 30_000_000_000L;

    /** A JSON-RPC error for a tasks request: the code the spec names, and a one-line reason. */
    static final class TaskError extends RuntimeException {
        final int code;

        TaskError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        static TaskError invalidParams(String message) {
            return new TaskError(McpSchema.ErrorCodes.INVALID_PARAMS, message);
        }
    }

    private final Watching watching;
    private final Summarizing summaries;
    private final Cancelling cancelling;
    private final Map<String, JobStartingTool> startingTools;

    public TaskMethods(Watching watching, Summarizing summaries, Cancelling cancelling, List<JobStartingTool> tools) {
        this.watching = watching;
        this.summaries = summaries;
        this.cancelling = cancelling;
        Map<String, JobStartingTool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        this.startingTools = Map.copyOf(byName);
    }

    /** The tools that start a job, and so can run as a task. */
    Set<String> taskTools() {
        return startingTools.keySet();
    }

    /** The capability a server declares when its client speaks a protocol with tasks. */
    static Map<String, Object> capability() {
        return Map.of("list", Map.of(), "cancel", Map.of(), "requests", Map.of("tools", Map.of("call", Map.of())));
    }

    static boolean supported(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo(SINCE) >= 0;
    }

    /** Answers one of {@link #METHODS}; {@code tasks/result} blocks until the job has ended. */
    Object answer(String method, Object params) {
        return switch (method) {
            case GET -> task(taskJob(params));
            case LIST -> list(params);
            case CANCEL -> cancel(taskJob(params));
            case RESULT -> result(taskJob(params));
            default -> throw new TaskError(McpSchema.ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    /** A task as {@code tasks/get} and the status notification carry it. */
    private Map<String, Object> task(TaskJob task) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("taskId", task.id());
        t.put("status", task.outcome().legacyWire());
        t.put("statusMessage", task.statusMessage(watching));
        t.put("createdAt", task.createdAt().toString());
        t.put("lastUpdatedAt", task.lastUpdatedAt().toString());
        // jobs are kept until the user deletes them: no lifetime
        t.put("ttl", null);
        if (task.active()) {
            t.put("pollInterval", TaskJob.POLL_INTERVAL_MS);
        }
        return t;
    }

    /**
     * The status notification for the task {@code ended} answers for, when it is one of
     * {@code tasks} and its chain ended with it; empty while its task goes on as another job.
     */
    Optional<Map<String, Object>> endedTask(Job ended, Set<String> tasks) {
        Job first = ended;
        // a fallback's task is named by the first job of its chain
        for (int i = 0; first.spec().relations().fallbackOf() != null && i < 32; i++) {
            try {
                first = watching.job(first.spec().relations().fallbackOf());
            } catch (Refusal gone) {
                return Optional.empty();
            }
        }
        if (!tasks.contains(first.id())) {
            return Optional.empty();
        }
        TaskJob task = new TaskJob(first, watching.latest(first.id()));
        return task.active() ? Optional.empty() : Optional.of(task(task));
    }

    /**
     * A task-augmented {@code tools/call}: the tool starts its job, which is the task; the
     * answer carries the tool's own line for the model. A refusal is an invalid-params error.
     */
    Map<String, Object> createTask(String tool, Map<String, Object> arguments) {
        JobStartingTool t = startingTools.get(tool);
        if (t == null) {
            throw new TaskError(McpSchema.ErrorCodes.METHOD_NOT_FOUND, tool + " does not run as a task (its "
                    + "execution.taskSupport is forbidden): call it without \"task\"");
        }
        if (arguments != null && arguments.get("attempts") != null) {
            throw TaskError.invalidParams("attempts start one job per provider, not one task: call spawn_agent "
                    + "{attempts} without \"task\" and wait on the group with job_status");
        }
        if (arguments != null && arguments.get("session") != null) {
            throw TaskError.invalidParams("a plan session starts many jobs, one task each is not possible: call "
                    + "spawn_agent {session} without \"task\", or start its tasks one by one with task_file");
        }
        Spawning.Started started;
        try {
            started = t.start(ToolArgs.of(t.definition(), arguments));
        } catch (BadInput | Refusal e) {
            throw TaskError.invalidParams(e.getMessage());
        }
        Answer line = SpawnAgentTool.answer(started);
        if (line.isError()) {
            throw TaskError.invalidParams(line.text());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task(new TaskJob(started.job(), started.job())));
        out.put("_meta", Map.of(IMMEDIATE_RESPONSE, line.text()));
        return out;
    }

    private Map<String, Object> list(Object params) {
        int from = 0;
        String cursor = string(params, "cursor");
        List<Job> jobs = watching.all();
        if (cursor != null) {
            from = TaskCursor.decode(cursor, jobs.size());
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = from; i < Math.min(jobs.size(), from + PAGE); i++) {
            tasks.add(task(new TaskJob(jobs.get(i), watching.latest(jobs.get(i).id()))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", tasks);
        if (from + PAGE < jobs.size()) {
            out.put("nextCursor", TaskCursor.encode(from + PAGE));
        }
        return out;
    }

    /** Stops the job the task's chain runs now. */
    private Map<String, Object> cancel(TaskJob task) {
        if (!task.active()) {
            throw TaskError.invalidParams("task " + task.id() + " has already ended (" + task.now().status().wire()
                    + "): nothing to cancel");
        }
        Job after = cancelling.cancel(task.now().id());
        if (after.status() != JobStatus.CANCELLED) {
            throw TaskError.invalidParams("task " + task.id() + " ended as " + after.status().wire()
                    + " before the cancel took effect");
        }
        return task(new TaskJob(task.first(), after));
    }

    /** Once the task's chain has ended: what read_summary answers for the task's id, tied to the task. */
    private McpSchema.CallToolResult result(TaskJob task) {
        try {
            long seen = watching.changes();
            while (task.active()) {
                watching.awaitChange(seen, System.nanoTime() + WAIT_SLICE_NANOS);
                seen = watching.changes();
                task = TaskJob.of(watching, task.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskError(McpSchema.ErrorCodes.INTERNAL_ERROR, "the server stopped while task " + task.id()
                    + " was running");
        }
        McpSchema.CallToolResult summary = Answers.result(SummaryAnswer.of(
                summaries.summary(task.first(), SummaryRenderer.DEFAULT_MAX_CHARS)));
        return McpSchema.CallToolResult.builder()
                .content(summary.content())
                .structuredContent(summary.structuredContent())
                .isError(task.outcome().isError())
                .meta(Map.of(RELATED_TASK, Map.of("taskId", task.id())))
                .build();
    }

    private TaskJob taskJob(Object params) {
        String id = string(params, "taskId");
        if (id == null || id.isBlank()) {
            throw TaskError.invalidParams("missing \"taskId\": pass the taskId a task-augmented tools/call returned");
        }
        try {
            return TaskJob.of(watching, id);
        } catch (Refusal e) {
            throw TaskError.invalidParams("Task not found: " + e.getMessage());
        }
    }

    private static String string(Object params, String key) {
        if (params instanceof Map<?, ?> m && m.get(key) != null) {
            Object v = m.get(key);
            if (!(v instanceof String s)) {
                throw TaskError.invalidParams("\"" + key + "\" must be a string");
            }
            return s;
        }
        return null;
    }
}
