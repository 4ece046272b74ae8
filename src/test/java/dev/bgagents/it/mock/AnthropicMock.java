package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted Anthropic Messages API on 127.0.0.1 for driving the real claude CLI: answers
 * {@code POST /v1/messages} with SSE (or plain JSON when claude retries without streaming),
 * and records every request body for assertions. Per scenario it answers with a text, with a
 * Write tool call followed (once the tool result comes back) by a final text, or with an HTTP
 * error.
 */
public final class AnthropicMock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A model name every mock answers with 404, like a real API asked for a model it does not have. */
    public static final String UNKNOWN_MODEL = "no-such-model";

    private final HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Scenario scenario = new Scenario.Text("Hello from the mock.");

    public AnthropicMock() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void scenario(Scenario s) {
        scenario = s;
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/v1/messages")) {
                ex.sendResponseHeaders(ex.getRequestMethod().equals("HEAD") ? 200 : 404, -1);
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody());
            requests.add(body);
            Scenario s = scenario;
            if (body.path("model").asText().contains(UNKNOWN_MODEL)) {
                s = new Scenario.HttpError(404, "not_found_error", "model: " + body.path("model").asText());
            }
            if (s instanceof Scenario.HttpError e) {
                byte[] err = JSON.writeValueAsBytes(JSON.createObjectNode().put("type", "error")
                        .set("error", JSON.createObjectNode().put("type", e.type()).put("message", e.message())));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(e.status(), err.length);
                ex.getResponseBody().write(err);
                return;
            }
            ObjectNode block;
            String stop;
            boolean opencodeStyle = toolNames(body).contains("write");
            if (s instanceof Scenario.WriteFile w && !hasToolResult(body) && !toolNames(body).isEmpty()) {
                // claude's tool is Write{file_path}, opencode's write{filePath}
                block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + ids.incrementAndGet())
                        .put("name", opencodeStyle ? "write" : "Write");
                block.set("input", JSON.createObjectNode().put(opencodeStyle ? "filePath" : "file_path", w.path())
                        .put("content", w.content()));
                stop = "tool_use";
            } else {
                // a request without tools is opencode asking for a session title
                String text = toolNames(body).isEmpty() && opencodeTitle(body) ? "Mock title" : finalText(s);
                block = JSON.createObjectNode().put("type", "text").put("text", text);
                stop = "end_turn";
            }
            String model = body.path("model").asText("claude-mock");
            if (body.path("stream").asBoolean(false)) {
                stream(ex, model, block, stop);
            } else {
                ObjectNode msg = message(model, stop);
                ((ArrayNode) msg.withArray("content")).add(block);
                byte[] out = JSON.writeValueAsBytes(msg);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        }
    }

    private ObjectNode message(String model, String stop) {
        ObjectNode msg = JSON.createObjectNode().put("id", "msg_mock_" + ids.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.put("stop_reason", stop).putNull("stop_sequence");
        msg.set("usage", JSON.createObjectNode().put("input_tokens", 12).put("output_tokens", 7));
        return msg;
    }

    private void stream(HttpExchange ex, String model, ObjectNode block, String stop) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        ObjectNode start = message(model, null);
        start.putNull("stop_reason");
        event(out, "message_start", JSON.createObjectNode().put("type", "message_start").set("message", start));
        ObjectNode empty = block.deepCopy();
        ObjectNode delta;
        if (block.path("type").asText().equals("text")) {
            empty.put("text", "");
            delta = JSON.createObjectNode().put("type", "text_delta").put("text", block.path("text").asText());
        } else {
            empty.set("input", JSON.createObjectNode());
            delta = JSON.createObjectNode().put("type", "input_json_delta")
                    .put("partial_json", JSON.writeValueAsString(block.path("input")));
        }
        event(out, "content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
                .set("content_block", empty));
        event(out, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", 0)
                .set("delta", delta));
        event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.set("delta", JSON.createObjectNode().put("stop_reason", stop).putNull("stop_sequence"));
        md.set("usage", JSON.createObjectNode().put("output_tokens", 7));
        event(out, "message_delta", md);
        event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    private static void event(OutputStream out, String name, JsonNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String finalText(Scenario s) {
        if (s instanceof Scenario.WriteFile w) {
            return w.finalText();
        }
        if (s instanceof Scenario.DropAfterText d) {
            return d.text();
        }
        if (s instanceof Scenario.HttpError e) {
            return e.message();
        }
        return ((Scenario.Text) s).text();
    }

    private static java.util.Set<String> toolNames(JsonNode body) {
        java.util.Set<String> names = new java.util.HashSet<>();
        body.path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private static boolean opencodeTitle(JsonNode body) {
        return body.toString().contains("Generate a title");
    }

    /** Whether the conversation's last user turn carries a tool result (our tool call came back). */
    static boolean hasToolResult(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!m.path("role").asText().equals("user")) {
                continue;
            }
            for (JsonNode c : m.path("content")) {
                if (c.path("type").asText().equals("tool_result")) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
