package dev.bgagents.mcp.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.mcp.prompts.FlowPrompts;
import dev.bgagents.mcp.push.JobResources;
import dev.bgagents.mcp.stdio.LineOutput;
import dev.bgagents.mcp.stdio.StdinGuard;
import dev.bgagents.mcp.tools.BgTool;
import dev.bgagents.mcp.tools.ServerInfo;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.PlanViews;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The stateless protocol (2026-07-28) beside the SDK's handshake-based one, on the same stdio:
 * each request carries its version and the client's capabilities in {@code _meta} and is answered
 * on its own, with {@code resultType}. {@code server/discover} is answered from what is fixed at
 * start — before the job store is even read — so a host's probe never waits on start-up; the rest
 * waits until {@link #ready} and then runs on a thread of its own (a wait blocks for up to 50 s).
 * With the tasks extension declared, a call that starts a job answers with the task it is.
 */
public final class ModernEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ModernEndpoint.class);
    public static final String VERSION = "2026-07-28";
    static final String TASKS = "io.modelcontextprotocol/tasks";
    static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    static final int INVALID_PARAMS = -32602;
    static final int METHOD_NOT_FOUND = -32601;
    static final int UNSUPPORTED_VERSION = -32022;
    static final int INTERNAL_ERROR = -32603;
    /** Tool and prompt lists change only with the server's version. */
    static final long LIST_TTL_MS = 3_600_000;

    /** A JSON-RPC error to answer with. */
    static final class Failure extends RuntimeException {
        final int code;
        final transient JsonNode data;

        Failure(int code, String message) {
            this(code, message, null);
        }

        Failure(int code, String message, JsonNode data) {
            super(message, null, false, false);
            this.code = code;
            this.data = data;
        }
    }

    /** What the endpoint serves once the project is loaded; {@code problem} says why jobs cannot be served. */
    record Services(List<BgTool> tools, ModernTasks tasks, JobResources resources, String problem) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final LineOutput out;
    private final ModernToolCalls toolCalls = new ModernToolCalls(json, this::write);
    private final CompletableFuture<Services> services = new CompletableFuture<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-modern");
        t.setDaemon(true);
        return t;
    });

    public ModernEndpoint(LineOutput out) {
        this.out = out;
    }

    /** The project is loaded: requests waiting for it are served. */
    public void ready(List<BgTool> tools, Watching watching, Summarizing summaries, Cancelling cancelling,
                      PlanViews plans, JobResources resources) {
        services.complete(new Services(tools, new ModernTasks(json, watching, summaries, cancelling, plans), resources,
                null));
    }

    /** The project cannot be served ({@code problem} says why): tools are listed, and everything else answers it. */
    public void unavailable(List<BgTool> tools, String problem) {
        services.complete(new Services(tools, null, null, problem));
    }

    /** One message the stdin guard routed here (already a well-formed JSON-RPC message). */
    public void accept(JsonNode message) {
        if (!message.has("id")) {
            // notifications/cancelled and the like: nothing here runs long enough to stop midway but waits,
            // which end by themselves
            return;
        }
        if ("server/discover".equals(message.path("method").asText())) {
            respond(message, this::discover);
            return;
        }
        calls.execute(() -> respond(message, m -> serve(m, services.join())));
    }

    private interface Handler {
        ObjectNode handle(JsonNode request);
    }

    private void respond(JsonNode request, Handler handler) {
        ObjectNode response = json.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        try {
            ObjectNode result = handler.handle(request);
            result.withObject("_meta").set(SERVER_INFO, serverInfo());
            response.set("result", result);
        } catch (Failure f) {
            ObjectNode e = response.putObject("error").put("code", f.code).put("message", f.getMessage());
            if (f.data != null) {
                e.set("data", f.data);
            }
        } catch (RuntimeException e) {
            LOG.error(request.path("method").asText() + " failed", e);
            response.putObject("error").put("code", INTERNAL_ERROR).put("message", request.path("method").asText()
                    + " failed inside bg-agents: " + e + " (details in the server log)");
        }
        write(response);
    }

    private void write(JsonNode message) {
        try {
            out.writeLine(json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("cannot answer: {}", e.toString());
        }
    }

    private ObjectNode discover(JsonNode request) {
        ObjectNode r = complete();
        r.putArray("supportedVersions").add(VERSION);
        ObjectNode caps = r.putObject("capabilities");
        caps.putObject("tools");
        caps.putObject("resources");
        caps.putObject("prompts");
        caps.putObject("extensions").putObject(TASKS);
        r.put("instructions", ServerInfo.instructionsFor(request.path("params").path("_meta")
                .path("io.modelcontextprotocol/clientInfo").path("name").asText(null)));
        r.put("ttlMs", LIST_TTL_MS);
        r.put("cacheScope", "private");
        return r;
    }

    private ObjectNode serve(JsonNode request, Services s) {
        JsonNode params = request.path("params");
        JsonNode meta = params.path("_meta");
        String version = meta.path(StdinGuard.PROTOCOL_VERSION).asText(null);
        if (version == null || !meta.path(CAPABILITIES).isObject()) {
            throw new Failure(INVALID_PARAMS, "a request of protocol " + VERSION + " carries _meta with "
                    + StdinGuard.PROTOCOL_VERSION + " and " + CAPABILITIES + "; or start with initialize");
        }
        if (!version.equals(VERSION)) {
            ObjectNode data = json.createObjectNode();
            data.putArray("supported").add(VERSION);
            data.put("requested", version);
            throw new Failure(UNSUPPORTED_VERSION, "Unsupported protocol version", data);
        }
        boolean tasks = meta.path(CAPABILITIES).path("extensions").has(TASKS) && s.problem() == null;
        String method = request.path("method").asText();
        if (s.problem() != null && (method.startsWith("tasks/") || method.startsWith("resources/"))) {
            throw new Failure(INTERNAL_ERROR, s.problem());
        }
        return switch (request.path("method").asText()) {
            case "tools/list" -> list("tools", s.tools().stream().map(t -> (JsonNode) json.valueToTree(t.definition())).toList());
            case "tools/call" -> toolCalls.call(s, params, tasks, meta.path("progressToken"));
            case "tasks/get" -> s.tasks().get(taskId(params));
            case "tasks/cancel" -> {
                s.tasks().cancel(taskId(params));
                yield complete();
            }
            case "tasks/update" -> complete();
            case "resources/list" -> list("resources", List.of());
            case "resources/templates/list" -> list("resourceTemplates",
                    s.resources().templates().stream().map(t -> (JsonNode) json.valueToTree(t.resourceTemplate())).toList());
            case "resources/read" -> read(s, params);
            case "prompts/list" -> list("prompts", FlowPrompts.all().stream().map(p -> (JsonNode) json.valueToTree(p.definition())).toList());
            case "prompts/get" -> prompt(params);
            default -> throw new Failure(METHOD_NOT_FOUND, "Method not found: " + request.path("method").asText());
        };
    }

    private ObjectNode read(Services s, JsonNode params) {
        try {
            ObjectNode r = complete();
            r.set("contents", json.valueToTree(s.resources().read(params.path("uri").asText()).contents()));
            return r;
        } catch (IllegalArgumentException e) {
            throw new Failure(INVALID_PARAMS, e.getMessage());
        }
    }

    private ObjectNode prompt(JsonNode params) {
        String name = params.path("name").asText();
        FlowPrompts.Prompt p = FlowPrompts.find(name).orElseThrow(() -> new Failure(INVALID_PARAMS,
                "unknown prompt \"" + name + "\"; prompts: " + String.join(", ", FlowPrompts.names())));
        @SuppressWarnings("unchecked")
        Map<String, Object> args = params.has("arguments") ? json.convertValue(params.get("arguments"), Map.class) : Map.of();
        ObjectNode r = complete();
        r.put("description", p.description());
        ArrayNode messages = r.putArray("messages");
        messages.addObject().put("role", "user").putObject("content").put("type", "text").put("text", p.text(args));
        return r;
    }

    private ObjectNode list(String field, List<JsonNode> items) {
        ObjectNode r = complete();
        r.putArray(field).addAll(items);
        r.put("ttlMs", LIST_TTL_MS);
        r.put("cacheScope", "private");
        return r;
    }

    private static String taskId(JsonNode params) {
        String id = params.path("taskId").asText("");
        if (id.isBlank()) {
            throw new Failure(INVALID_PARAMS, "missing \"taskId\": pass the taskId a tools/call answered with");
        }
        return id;
    }

    private ObjectNode complete() {
        return json.createObjectNode().put("resultType", "complete");
    }

    private ObjectNode serverInfo() {
        return json.createObjectNode().put("name", ServerInfo.NAME).put("version", ServerInfo.VERSION);
    }
}
