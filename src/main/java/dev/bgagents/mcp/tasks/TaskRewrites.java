package dev.bgagents.mcp.tasks;

import dev.bgagents.mcp.tools.ServerInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the SDK's answers become for a client whose protocol has tasks: the initialize answer
 * declares the {@code tasks} capability, and {@code tools/list} marks the job-starting tools
 * {@code execution.taskSupport: "optional"}. Requests are noted on the way in, their answers
 * rewritten on the way out; an error answer goes out as it is. The initialize answer also carries
 * the instructions for the client that asked (the SDK knows one text for all).
 */
public final class TaskRewrites {
    private enum Kind { INITIALIZE, TOOLS_LIST }

    private final Set<String> taskTools;
    private final McpJsonMapper json;
    private final Map<Object, Kind> pending = new ConcurrentHashMap<>();
    private volatile boolean tasksOn;
    private volatile String clientName;

    TaskRewrites(Set<String> taskTools, McpJsonMapper json) {
        this.taskTools = taskTools;
        this.json = json;
    }

    /** True once the client negotiated a protocol revision with tasks. */
    boolean tasksOn() {
        return tasksOn;
    }

    void inbound(JSONRPCRequest request) {
        if (McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            pending.put(request.id(), Kind.INITIALIZE);
            if (request.params() instanceof Map<?, ?> p && p.get("clientInfo") instanceof Map<?, ?> client) {
                clientName = String.valueOf(client.get("name"));
            }
        } else if (McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
            pending.put(request.id(), Kind.TOOLS_LIST);
        }
    }

    JSONRPCMessage outbound(JSONRPCMessage message) {
        if (!(message instanceof JSONRPCResponse r) || r.id() == null) {
            return message;
        }
        Kind kind = pending.remove(r.id());
        if (kind == null || r.result() == null) {
            return message;
        }
        return switch (kind) {
            case INITIALIZE -> {
                Map<String, Object> result = asMap(r.result());
                tasksOn = TaskMethods.supported((String) result.get("protocolVersion"));
                if (tasksOn && result.get("capabilities") instanceof Map<?, ?> caps) {
                    Map<String, Object> withTasks = new LinkedHashMap<>(asMap(caps));
                    withTasks.put("tasks", TaskMethods.capability());
                    result.put("capabilities", withTasks);
                }
                if (result.containsKey("instructions")) {
                    result.put("instructions", ServerInfo.instructionsFor(clientName));
                }
                yield JSONRPCResponse.result(r.id(), result);
            }
            case TOOLS_LIST -> tasksOn ? JSONRPCResponse.result(r.id(), withTaskSupport(asMap(r.result()), taskTools)) : r;
        };
    }

    /** What a tools/list answer becomes: job-starting tools may run as tasks. */
    public static Map<String, Object> withTaskSupport(Map<String, Object> toolsList, Set<String> taskTools) {
        if (toolsList.get("tools") instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof Map<?, ?> tool && taskTools.contains(tool.get("name"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) tool;
                    m.put("execution", Map.of("taskSupport", "optional"));
                }
            }
        }
        return toolsList;
    }

    private Map<String, Object> asMap(Object value) {
        return json.convertValue(value, new TypeRef<LinkedHashMap<String, Object>>() {
        });
    }
}
