package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * A scripted Gemini API ({@code POST /v1beta/models/M:streamGenerateContent?alt=sse}) for the
 * real gemini CLI. A file write is a {@code write_file} function call; the final text follows
 * once the function response comes back.
 */
public final class GeminiMock extends MockModelServer {

    public GeminiMock() throws IOException {
        super();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.contains(":streamGenerateContent") && !path.contains(":generateContent")) {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(404, -1);
            return;
        }
        JsonNode body = record(ex);
        Scenario s = scenario(body);
        if (path.contains(UNKNOWN_MODEL)) {
            s = new Scenario.HttpError(404, "NOT_FOUND", "models/" + UNKNOWN_MODEL + " is not found");
        }
        if (s instanceof Scenario.HttpError e) {
            json(ex, e.status(), JSON.createObjectNode().set("error", JSON.createObjectNode()
                    .put("code", e.status()).put("message", e.message()).put("status", e.type())));
            return;
        }
        ObjectNode part = JSON.createObjectNode();
        if (isRoutingCall(body)) {
            // gemini's "auto" model first asks for a complexity score as JSON; any other answer is retried
            // with backoff (4 tries, ~50 s) before the real turn starts
            part.put("text", "{\"complexity_reasoning\": \"a small change\", \"complexity_score\": 10}");
        } else if (s instanceof Scenario.WriteFile w && !hasFunctionResponse(body)) {
            part.set("functionCall", JSON.createObjectNode().put("name", "write_file")
                    .set("args", JSON.createObjectNode().put("file_path", w.path()).put("content", w.content())));
        } else if (s instanceof Scenario.KeepRunning k && tools(body).contains("run_shell_command")) {
            // gemini offers its shell tool under --approval-mode yolo only; each call told apart, or its loop
            // detection ends the run after a few of the same
            part.set("functionCall", JSON.createObjectNode().put("name", "run_shell_command")
                    .set("args", JSON.createObjectNode().put("command", k.command() + " # call " + ids.incrementAndGet())
                            .put("description", "Go on")));
        } else {
            part.put("text", finalText(s));
        }
        reply(ex, path, part, !(s instanceof Scenario.DropAfterText));
    }

    /** Answers with one candidate holding {@code part}, streamed when the path asks for a stream. */
    static void reply(HttpExchange ex, String path, ObjectNode part, boolean finished) throws IOException {
        ObjectNode chunk = JSON.createObjectNode();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts").add(part);
        if (finished) {
            candidate.put("finishReason", "STOP");
        }
        candidate.put("index", 0);
        chunk.set("usageMetadata", JSON.createObjectNode().put("promptTokenCount", 20)
                .put("candidatesTokenCount", 10).put("totalTokenCount", 30));
        chunk.put("modelVersion", "gemini-mock");
        if (path.contains("stream")) {
            event(startSse(ex), null, chunk);
        } else {
            json(ex, 200, chunk);
        }
    }

    /** The router of gemini's "auto" model (0.61.0): a JSON answer with a complexity score, no tools. */
    static boolean isRoutingCall(JsonNode body) {
        return body.path("generationConfig").path("responseJsonSchema").path("properties").has("complexity_score");
    }

    private static java.util.Set<String> tools(JsonNode body) {
        java.util.Set<String> names = new java.util.HashSet<>();
        body.path("tools").forEach(t -> t.path("functionDeclarations").forEach(f -> names.add(f.path("name").asText())));
        return names;
    }

    static boolean hasFunctionResponse(JsonNode body) {
        JsonNode contents = body.path("contents");
        if (contents.size() == 0) {
            return false;
        }
        for (JsonNode p : contents.get(contents.size() - 1).path("parts")) {
            if (p.has("functionResponse")) {
                return true;
            }
        }
        return false;
    }
}
