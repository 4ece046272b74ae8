package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A scripted Gemini API ({@code POST /v1beta/models/M:streamGenerateContent?alt=sse}) on
 * 127.0.0.1 for the real gemini CLI. A file write is a {@code write_file} function call; the
 * final text follows once the function response comes back. Records every request body.
 */
public final class GeminiMock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private volatile Scenario scenario = new Scenario.Text("Hello from the mock.");

    public GeminiMock() throws IOException {
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

    public List<String> paths() {
        return List.copyOf(paths);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            paths.add(ex.getRequestMethod() + " " + path);
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (!path.contains(":streamGenerateContent") && !path.contains(":generateContent")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode body = JSON.readTree(raw);
            requests.add(body);
            Scenario s = scenario;
            if (path.contains(AnthropicMock.UNKNOWN_MODEL)) {
                s = new Scenario.HttpError(404, "NOT_FOUND", "models/" + AnthropicMock.UNKNOWN_MODEL + " is not found");
            }
            if (s instanceof Scenario.HttpError e) {
                byte[] err = JSON.writeValueAsBytes(JSON.createObjectNode().set("error", JSON.createObjectNode()
                        .put("code", e.status()).put("message", e.message()).put("status", e.type())));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(e.status(), err.length);
                ex.getResponseBody().write(err);
                return;
            }
            ObjectNode part = JSON.createObjectNode();
            if (s instanceof Scenario.WriteFile w && !hasFunctionResponse(body)) {
                part.set("functionCall", JSON.createObjectNode().put("name", "write_file")
                        .set("args", JSON.createObjectNode().put("file_path", w.path()).put("content", w.content())));
            } else {
                part.put("text", AnthropicMock.finalText(s));
            }
            ObjectNode chunk = JSON.createObjectNode();
            ObjectNode candidate = chunk.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content").put("role", "model");
            content.putArray("parts").add(part);
            candidate.put("finishReason", "STOP").put("index", 0);
            chunk.set("usageMetadata", JSON.createObjectNode().put("promptTokenCount", 20)
                    .put("candidatesTokenCount", 10).put("totalTokenCount", 30));
            chunk.put("modelVersion", "gemini-mock");
            boolean sse = path.contains("stream");
            ex.getResponseHeaders().add("Content-Type", sse ? "text/event-stream" : "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            if (s instanceof Scenario.DropAfterText) {
                candidate.remove("finishReason");
            }
            out.write((sse ? "data: " + JSON.writeValueAsString(chunk) + "\r\n\r\n"
                    : JSON.writeValueAsString(chunk)).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
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

    @Override
    public void close() {
        server.stop(0);
    }
}
