package dev.bgagents.mcp.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.mcp.tools.Answer;
import dev.bgagents.mcp.tools.Answers;
import dev.bgagents.mcp.tools.BadInput;
import dev.bgagents.mcp.tools.BgTool;
import dev.bgagents.mcp.tools.JobStartingTool;
import dev.bgagents.mcp.tools.Progress;
import dev.bgagents.mcp.tools.SpawnAgentTool;
import dev.bgagents.mcp.tools.ToolArgs;
import dev.bgagents.orchestration.api.Refusal;

import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code tools/call} on the stateless protocol: answered with the tool's result, or — where the
 * client declared the tasks extension — with the task a call that starts a job is. A call that
 * carries a progress token has its progress sent as notifications while it runs.
 */
final class ModernToolCalls {
    private final ObjectMapper json;
    private final Consumer<JsonNode> send;

    /** {@code send} writes a message to the client (a progress notification). */
    ModernToolCalls(ObjectMapper json, Consumer<JsonNode> send) {
        this.json = json;
        this.send = send;
    }

    /** Calls the tool {@code params} name; {@code tasks}: the client declared the tasks extension. */
    ObjectNode call(ModernEndpoint.Services s, JsonNode params, boolean tasks, JsonNode progressToken) {
        String name = params.path("name").asText();
        BgTool tool = s.tools().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new ModernEndpoint.Failure(ModernEndpoint.INVALID_PARAMS, "unknown tool \"" + name
                        + "\"; tools: " + String.join(", ", s.tools().stream().map(BgTool::name).toList())));
        @SuppressWarnings("unchecked")
        Map<String, Object> args = params.has("arguments") ? json.convertValue(params.get("arguments"), Map.class) : Map.of();
        // attempts start several jobs: a plain call, whose answer names the group
        if (tasks && tool instanceof JobStartingTool starting && args.get("attempts") == null) {
            try {
                if (tool instanceof SpawnAgentTool spawn && args.get("session") != null) {
                    return s.tasks().createdPlan(spawn.runPlan(ToolArgs.of(tool.definition(), args)).session());
                }
                var started = starting.start(ToolArgs.of(tool.definition(), args));
                if (started.job().status().isActive()) {
                    return s.tasks().created(started.job());
                }
                return toolResult(SpawnAgentTool.answer(started));
            } catch (BadInput | Refusal e) {
                return toolResult(Answer.error(e.getMessage()));
            }
        }
        return toolResult(Answers.call(tool, args, progress(progressToken)));
    }

    private Progress progress(JsonNode token) {
        if (token.isMissingNode() || token.isNull()) {
            return Progress.NONE;
        }
        return (done, total, message) -> {
            ObjectNode n = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
            ObjectNode p = n.putObject("params");
            p.set("progressToken", token);
            p.put("progress", done).put("total", total).put("message", message);
            send.accept(n);
        };
    }

    private ObjectNode toolResult(Answer a) {
        return ModernTasks.toolResult(json, json.createObjectNode().put("resultType", "complete"), a, a.isError());
    }
}
