package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model behind a real host (Claude Code) session, scripted: each turn of the host's main
 * loop gets the next step — a tool call or a closing text — and {@code {job_id}} in a call's
 * input is the job id of the latest tool result. Once the host hands its model a
 * {@code <task-notification>}, the steps for that follow. What the host sent is kept, so a test
 * reads exactly what the host model received from each tool.
 */
public final class HostModelMock extends MockModelServer {
    static final Pattern JOB_ID = Pattern.compile("\\b(?:claude|codex|gemini|opencode|ollama|custom|best)-[0-9a-f]{6}\\b");
    public static final String NOTIFICATION = "<task-notification>";

    /** One turn of the scripted model. */
    public sealed interface Step {
    }

    /** Calls {@code tool} with {@code input} (JSON; {@code {job_id}} is replaced). */
    public record Call(String tool, String input) implements Step {
    }

    /** Ends the turn with this text. */
    public record Say(String text) implements Step {
    }

    /** One tool call the model made and what it got back, as the host gave it. */
    public record Exchange(String tool, JsonNode input, String received, boolean isError) {
    }

    private final List<Step> script;
    private final List<Step> afterNotification;
    /** When set, decides every turn from the conversation so far instead of the script. */
    private final java.util.function.Function<JsonNode, Step> policy;

    public HostModelMock(List<Step> script, List<Step> afterNotification) throws IOException {
        super();
        this.script = script;
        this.afterNotification = afterNotification;
        this.policy = null;
    }

    /** A model that picks each turn's step from the messages so far (e.g. {@link HintFollower}). */
    public HostModelMock(java.util.function.Function<JsonNode, Step> policy) throws IOException {
        super();
        this.script = List.of();
        this.afterNotification = List.of();
        this.policy = policy;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!ex.getRequestMethod().equals("POST") || !path.startsWith("/v1/messages")) {
            ex.sendResponseHeaders(ex.getRequestMethod().equals("HEAD") ? 200 : 404, -1);
            return;
        }
        if (path.endsWith("/count_tokens")) {
            json(ex, 200, JSON.createObjectNode().put("input_tokens", 100));
            return;
        }
        JsonNode body = record(ex);
        Step step = !isMainLoop(body) ? new Say("Background work")
                : policy != null ? policy.apply(body.path("messages")) : next(body.path("messages"));
        ObjectNode block;
        String stop;
        if (step instanceof Call c) {
            block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_host_" + ids.incrementAndGet())
                    .put("name", c.tool());
            block.set("input", JSON.readTree(c.input().replace("{job_id}", lastJobId(body.path("messages")))));
            stop = "tool_use";
        } else {
            block = JSON.createObjectNode().put("type", "text").put("text", ((Say) step).text());
            stop = "end_turn";
        }
        AnthropicWire.answer(ex, body, block, stop, "msg_host_" + ids.incrementAndGet());
    }

    /** The session's own turns offer its tools; side requests (titles, summaries) offer none of them. */
    public static boolean isMainLoop(JsonNode body) {
        for (JsonNode t : body.path("tools")) {
            String name = t.path("name").asText();
            if (name.equals("ToolSearch") || name.startsWith("mcp__")) {
                return true;
            }
        }
        return false;
    }

    private Step next(JsonNode messages) {
        int notified = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.path("role").asText().equals("user") && m.toString().contains(NOTIFICATION)) {
                notified = i;
                break;
            }
        }
        List<Step> steps = notified >= 0 ? afterNotification : script;
        int calls = 0;
        for (int i = Math.max(0, notified); i < messages.size(); i++) {
            for (JsonNode c : messages.get(i).path("content")) {
                if (messages.get(i).path("role").asText().equals("assistant") && c.path("type").asText().equals("tool_use")) {
                    calls++;
                }
            }
        }
        return calls < steps.size() ? steps.get(calls) : new Say("Done.");
    }

    private static String lastJobId(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Matcher m = JOB_ID.matcher(messages.get(i).path("role").asText().equals("user") ? messages.get(i).toString() : "");
            String last = null;
            while (m.find()) {
                last = m.group();
            }
            if (last != null) {
                return last;
            }
        }
        return "no-job-yet";
    }

    /**
     * The host flow a user asks for: spawn an agent to write notes.txt, wait for it, read its
     * summary, merge it, then say {@code closing}; tools named {@code prefix} + the bare name.
     */
    public static List<Step> flow(String prefix, String closing) {
        return List.of(new Call(prefix + "spawn_agent", "{\"prompt\": \"write notes.txt\"}"),
                new Call(prefix + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                new Call(prefix + "read_summary", "{\"job_id\": \"{job_id}\"}"),
                new Call(prefix + "merge_worktree", "{\"job_id\": \"{job_id}\"}"), new Say(closing));
    }

    /** The main-loop request with the longest conversation: every turn so far. */
    public JsonNode lastMainRequest() {
        JsonNode best = null;
        for (JsonNode r : requests()) {
            if (isMainLoop(r) && (best == null || r.path("messages").size() >= best.path("messages").size())) {
                best = r;
            }
        }
        return best;
    }

    /** The first main-loop request: what the model had on its first turn. */
    public JsonNode firstMainRequest() {
        return requests().stream().filter(HostModelMock::isMainLoop).findFirst().orElse(null);
    }

    /** Every tool call of the conversation with what came back, in order. */
    public List<Exchange> exchanges() {
        JsonNode last = lastMainRequest();
        List<Exchange> out = new ArrayList<>();
        if (last == null) {
            return out;
        }
        Map<String, JsonNode> calls = new LinkedHashMap<>();
        for (JsonNode m : last.path("messages")) {
            for (JsonNode c : m.path("content")) {
                if (c.path("type").asText().equals("tool_use")) {
                    calls.put(c.path("id").asText(), c);
                } else if (c.path("type").asText().equals("tool_result") && calls.containsKey(c.path("tool_use_id").asText())) {
                    JsonNode call = calls.get(c.path("tool_use_id").asText());
                    out.add(new Exchange(call.path("name").asText(), call.path("input"), received(c.path("content")),
                            c.path("is_error").asBoolean(false)));
                }
            }
        }
        return out;
    }

    /** The user turns that carried a task notification, as text. */
    public List<String> notifications() {
        List<String> out = new ArrayList<>();
        JsonNode last = lastMainRequest();
        if (last != null) {
            for (JsonNode m : last.path("messages")) {
                if (m.path("role").asText().equals("user") && m.toString().contains(NOTIFICATION)) {
                    out.add(received(m.path("content")));
                }
            }
        }
        return out;
    }

    /** What a content field holds as the model reads it: a string, or its text blocks (other blocks as JSON). */
    static String received(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode c : content) {
            b.append(c.path("type").asText().equals("text") ? c.path("text").asText() : c.toString());
        }
        return b.toString();
    }
}
