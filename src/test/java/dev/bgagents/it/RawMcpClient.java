package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON-RPC over the server's stdio, line by line, for what the SDK's client cannot send (MCP
 * tasks, arbitrary protocol versions). Every line the server writes must be JSON: anything else
 * is recorded and fails {@link #assertOnlyJson()}.
 */
public final class RawMcpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream in;
    private final AtomicInteger ids = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    public final List<JsonNode> notifications = Collections.synchronizedList(new ArrayList<>());
    /** Answers to ids this client never sent (lines written with {@link #sendLine}), and to no id. */
    public final List<JsonNode> strayAnswers = Collections.synchronizedList(new ArrayList<>());
    public final List<String> notJson = Collections.synchronizedList(new ArrayList<>());

    private final Thread reader;

    public RawMcpClient(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        reader = new Thread(this::read, "raw-mcp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode msg;
                try {
                    msg = JSON.readTree(line);
                } catch (IOException e) {
                    notJson.add(line);
                    continue;
                }
                if (msg.has("id") && !msg.has("method")) {
                    CompletableFuture<JsonNode> f = msg.get("id").isInt() ? pending.remove(msg.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(msg);
                    } else {
                        strayAnswers.add(msg);
                    }
                } else {
                    notifications.add(msg);
                }
            }
        } catch (IOException e) {
            // the server went away
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("server closed stdout")));
    }

    /** Sends the initialize handshake with the given protocol version; returns its result. */
    public JsonNode initialize(String protocolVersion) throws Exception {
        JsonNode r = request("initialize", Map.of("protocolVersion", protocolVersion, "capabilities", Map.of(),
                "clientInfo", Map.of("name", "raw", "version", "1")));
        notify("notifications/initialized", null);
        return r.get("result");
    }

    /** The whole response (result or error) to one request, waiting up to 60 s. */
    public JsonNode request(String method, Object params) throws Exception {
        return requestAsync(method, params).get(60, TimeUnit.SECONDS);
    }

    public CompletableFuture<JsonNode> requestAsync(String method, Object params) throws IOException {
        int id = ids.getAndIncrement();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        Map<String, Object> msg = new java.util.LinkedHashMap<>();
        msg.put("jsonrpc", "2.0");
        msg.put("id", id);
        msg.put("method", method);
        if (params != null) {
            msg.put("params", params);
        }
        send(msg);
        return f;
    }

    public void notify(String method, Object params) throws IOException {
        Map<String, Object> msg = new java.util.LinkedHashMap<>();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        if (params != null) {
            msg.put("params", params);
        }
        send(msg);
    }

    /** Writes a line exactly as given. */
    public void sendLine(String line) throws IOException {
        synchronized (in) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    private void send(Map<String, Object> msg) throws IOException {
        sendLine(JSON.writeValueAsString(msg));
    }

    /** The notifications with this method received so far. */
    public List<JsonNode> notifications(String method) {
        synchronized (notifications) {
            return notifications.stream().filter(n -> method.equals(n.path("method").asText())).toList();
        }
    }

    /** Returns once every line the server wrote has been read: its stdout is closed. */
    public void awaitStdoutClosed() throws InterruptedException {
        reader.join(10_000);
        if (reader.isAlive()) {
            throw new AssertionError("the server's stdout is still open");
        }
    }

    public void assertOnlyJson() {
        if (!notJson.isEmpty()) {
            throw new AssertionError("stdout carried non-JSON lines: " + notJson);
        }
    }

    /** Closes stdin as a host does when it quits; true when the server then exited by itself. */
    public boolean closeAndWait(long seconds) throws InterruptedException {
        try {
            in.close();
        } catch (IOException ignored) {
            // already closed
        }
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!closeAndWait(10)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
