package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A scripted Anthropic Messages API for the real claude and opencode CLIs: {@code POST
 * /v1/messages} answered with SSE, or plain JSON when claude retries without streaming. A
 * file write is claude's {@code Write{file_path}} or opencode's {@code write{filePath}} tool
 * call, whichever the request offers (a read likewise {@code Read} or {@code read}); a command is claude's {@code Bash{command}}; the final
 * text follows the tool result.
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
        Scenario s = scenario(body);
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
        } else if (s instanceof Scenario.ReadFile r && !hasToolResult(body) && !tools.isEmpty()) {
            block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + ids.incrementAndGet())
                    .put("name", tools.contains("read") ? "read" : "Read");
            block.set("input", JSON.createObjectNode().put(tools.contains("read") ? "filePath" : "file_path", r.path()));
            stop = "tool_use";
        } else if (s instanceof Scenario.RunCommand r && !hasToolResult(body) && (tools.contains("Bash")
                || tools.contains("bash"))) {
            block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + ids.incrementAndGet())
                    .put("name", tools.contains("bash") ? "bash" : "Bash"); // opencode's is lower case
            block.set("input", JSON.createObjectNode().put("command", r.command()).put("description", "Run it"));
            stop = "tool_use";
        } else if (s instanceof Scenario.KeepRunning k && (tools.contains("Bash") || tools.contains("bash"))) {
            block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + ids.incrementAndGet())
                    .put("name", tools.contains("bash") ? "bash" : "Bash");
            block.set("input", JSON.createObjectNode().put("command", k.command()).put("description", "Go on"));
            stop = "tool_use";
        } else {
            // a request without tools is opencode asking for a session title
            String text = tools.isEmpty() && body.toString().contains("Generate a title") ? "Mock title" : finalText(s);
            block = JSON.createObjectNode().put("type", "text").put("text", text);
            stop = "end_turn";
        }
        AnthropicWire.answer(ex, body, block, stop, "msg_mock_" + ids.incrementAndGet());
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
