package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * A scripted Anthropic Messages API for the real claude and opencode CLIs: {@code POST
 * /v1/messages} answered with SSE, or plain JSON when claude retries without streaming. A
 * file write is claude's {@code Write{file_path}} or opencode's {@code write{filePath}} tool
 * call, whichever the request offers; the final text follows the tool result.
 */
public final class AnthropicMock extends MockModelServer {

    public AnthropicMock() throws IOException {
        super();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/v1/messages")) {
            ex.sendResponseHeaders(ex.getRequestMethod().equals("HEAD") ? 200 : 404, -1);
            return;
        }
        JsonNode body = record(ex);
        Scenario s = scenario();
        if (body.path("model").asText().contains(UNKNOWN_MODEL)) {
            s = new Scenario.HttpError(404, "not_found_error", "model: " + body.path("model").asText());
        }
        if (s instanceof Scenario.HttpError e) {
            json(ex, e.status(), JSON.createObjectNode().put("type", "error")
                    .set("error", JSON.createObjectNode().put("type", e.type()).put("message", e.message())));
            return;
        }
        Set<String> tools = toolNames(body);
        boolean opencodeStyle = tools.contains("write");
        ObjectNode block;
        String stop;
        if (s instanceof Scenario.WriteFile w && !hasToolResult(body) && !tools.isEmpty()) {
            block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + ids.incrementAndGet())
                    .put("name", opencodeStyle ? "write" : "Write");
            block.set("input", JSON.createObjectNode().put(opencodeStyle ? "filePath" : "file_path", w.path())
                    .put("content", w.content()));
            stop = "tool_use";
        } else {
            // a request without tools is opencode asking for a session title
            String text = tools.isEmpty() && body.toString().contains("Generate a title") ? "Mock title" : finalText(s);
            block = JSON.createObjectNode().put("type", "text").put("text", text);
            stop = "end_turn";
        }
        String model = body.path("model").asText("claude-mock");
        if (body.path("stream").asBoolean(false)) {
            stream(ex, model, block, stop);
        } else {
            ObjectNode msg = message(model, stop);
            msg.withArray("content").add(block);
            json(ex, 200, msg);
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
        OutputStream out = startSse(ex);
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

    private static Set<String> toolNames(JsonNode body) {
        Set<String> names = new HashSet<>();
        body.path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
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
}
