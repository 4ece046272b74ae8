package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * What the mock model APIs share: an HTTP server on 127.0.0.1 and a random port, the scenario
 * of the current test, the request bodies received, and the writing of SSE events and errors.
 */
public abstract class MockModelServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** A model name every mock answers with 404, like a real API asked for a model it does not have. */
    public static final String UNKNOWN_MODEL = "no-such-model";

    private final HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    protected final AtomicInteger ids = new AtomicInteger();
    private volatile Scenario scenario = new Scenario.Text("Hello from the mock.");
    private volatile java.util.Map<String, Scenario> byWord = java.util.Map.of();

    protected MockModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                handle(ex);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The base URL a CLI is configured with. */
    public abstract String baseUrl();

    /** Answers one request; {@link #record} the body of each model call. */
    protected abstract void handle(HttpExchange ex) throws IOException;

    protected final int port() {
        return server.getAddress().getPort();
    }

    public final void scenario(Scenario s) {
        scenario = s;
    }

    /**
     * Several agents at once on one mock: a request gets the scenario of the word that occurs first in
     * it (a task's own title comes before the titles of the tasks it builds on); else {@link #scenario(Scenario)}'s.
     */
    public final void scenarios(java.util.Map<String, Scenario> byFirstWord) {
        byWord = java.util.Map.copyOf(byFirstWord);
    }

    protected final Scenario scenario(JsonNode body) {
        String text = byWord.isEmpty() ? "" : body.toString();
        Scenario s = byWord.entrySet().stream().filter(e -> text.contains(e.getKey()))
                .min(java.util.Comparator.comparingInt(e -> text.indexOf(e.getKey()))).map(java.util.Map.Entry::getValue)
                .orElse(scenario);
        if (s instanceof Scenario.UntilSaid u) {
            return body.toString().contains(u.marker()) ? u.after() : u.before();
        }
        return s;
    }

    public final List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    protected final JsonNode record(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        requests.add(body);
        return body;
    }

    /** The text a scenario ends with. */
    static String finalText(Scenario s) {
        if (s instanceof Scenario.WriteFile w) {
            return w.finalText();
        }
        if (s instanceof Scenario.DropAfterText d) {
            return d.text();
        }
        if (s instanceof Scenario.RunCommand r) {
            return r.finalText();
        }
        if (s instanceof Scenario.ReadFile r) {
            return r.finalText();
        }
        if (s instanceof Scenario.HttpError e) {
            return e.message();
        }
        if (s instanceof Scenario.KeepRunning) {
            return "still going";
        }
        return ((Scenario.Text) s).text();
    }

    protected static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    protected static OutputStream startSse(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    /** One SSE event; {@code name} null for APIs that send data lines only. */
    protected static void event(OutputStream out, String name, JsonNode data) throws IOException {
        out.write(((name == null ? "" : "event: " + name + "\n") + "data: " + JSON.writeValueAsString(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
