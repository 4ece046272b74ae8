package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model behind Codex as a host ({@code POST /v1/responses}), scripted like {@link HostModelMock}:
 * each turn gets the next step, a call of a bg-agents tool (its bare name) or a closing text. Codex
 * defers MCP tools behind its client-side {@code tool_search}, so before the first call the model
 * searches with {@code query}, as a real model must; a call then names the tool in the server's
 * namespace. What Codex sent is kept, so a test reads what its model received.
 */
public final class CodexHostMock extends MockModelServer {
    /** Codex's namespace for the server named bg-agents. */
    public static final String NAMESPACE = "mcp__bg_agents";

    private final List<HostModelMock.Step> script;
    private final String query;

    public CodexHostMock(List<HostModelMock.Step> script, String query) throws IOException {
        super();
        this.script = script;
        this.query = query;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().endsWith("/responses")) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        JsonNode body = record(ex);
        JsonNode input = body.path("input");
        ObjectNode item;
        HostModelMock.Step step = next(input);
        if (step instanceof HostModelMock.Call c && !searched(input)) {
            item = JSON.createObjectNode().put("type", "tool_search_call").put("id", "tsc_" + ids.incrementAndGet())
                    .put("call_id", "call_search_" + ids.incrementAndGet()).put("status", "completed")
                    .put("execution", "client");
            item.putObject("arguments").put("query", query).put("limit", 8);
        } else if (step instanceof HostModelMock.Call c) {
            item = JSON.createObjectNode().put("type", "function_call").put("id", "fc_" + ids.incrementAndGet())
                    .put("call_id", "call_" + ids.incrementAndGet()).put("status", "completed").put("name", c.tool())
                    .put("namespace", NAMESPACE).put("arguments", c.input().replace("{job_id}", lastJobId(input)));
        } else {
            item = JSON.createObjectNode().put("type", "message").put("id", "msg_" + ids.incrementAndGet())
                    .put("status", "completed").put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text")
                    .put("text", ((HostModelMock.Say) step).text()).putArray("annotations");
        }
        OutputStream out = startSse(ex);
        ObjectNode response = JSON.createObjectNode().put("id", "resp_" + ids.incrementAndGet()).put("object", "response")
                .put("status", "in_progress").put("model", body.path("model").asText("gpt-5.5"));
        response.putArray("output");
        event(out, "response.created", JSON.createObjectNode().put("type", "response.created").set("response", response));
        ResponsesMock.finish(out, response, item);
    }

    private HostModelMock.Step next(JsonNode input) {
        int calls = 0;
        for (JsonNode item : input) {
            calls += item.path("type").asText().equals("function_call") && NAMESPACE.equals(item.path("namespace").asText()) ? 1 : 0;
        }
        return calls < script.size() ? script.get(calls) : new HostModelMock.Say("Done.");
    }

    private static boolean searched(JsonNode input) {
        for (JsonNode item : input) {
            if (item.path("type").asText().equals("tool_search_output")) {
                return true;
            }
        }
        return false;
    }

    private static String lastJobId(JsonNode input) {
        String last = "no-job-yet";
        for (JsonNode item : input) {
            if (item.path("type").asText().equals("function_call_output")) {
                var m = HostModelMock.JOB_ID.matcher(item.path("output").asText());
                while (m.find()) {
                    last = m.group();
                }
            }
        }
        return last;
    }

    /** The request with the longest conversation: every turn so far. */
    JsonNode last() {
        JsonNode best = null;
        for (JsonNode r : requests()) {
            if (best == null || r.path("input").size() >= best.path("input").size()) {
                best = r;
            }
        }
        return best;
    }

    /** Every bg-agents call of the conversation with what the model received, in order. */
    public List<HostModelMock.Exchange> exchanges() {
        List<HostModelMock.Exchange> out = new ArrayList<>();
        JsonNode last = last();
        if (last == null) {
            return out;
        }
        Map<String, JsonNode> calls = new HashMap<>();
        for (JsonNode item : last.path("input")) {
            String type = item.path("type").asText();
            if (type.equals("function_call") && NAMESPACE.equals(item.path("namespace").asText())) {
                calls.put(item.path("call_id").asText(), item);
            } else if (type.equals("function_call_output") && calls.containsKey(item.path("call_id").asText())) {
                JsonNode call = calls.get(item.path("call_id").asText());
                String received = item.path("output").asText();
                out.add(new HostModelMock.Exchange(call.path("name").asText(), call.path("arguments"), received,
                        received.contains("\"isError\":true") || received.startsWith("Error")));
            }
        }
        return out;
    }

    /**
     * What tool_search gave the model of bg-agents — the namespace with the server's instructions
     * and its tools — as compact JSON, which stays in the conversation and goes with every later
     * turn; empty when the search did not find it.
     */
    public String searchedNamespace() {
        JsonNode last = last();
        for (JsonNode item : last == null ? JSON.createArrayNode() : last.path("input")) {
            if (item.path("type").asText().equals("tool_search_output")) {
                for (JsonNode t : item.path("tools")) {
                    if (NAMESPACE.equals(t.path("name").asText())) {
                        return t.toString();
                    }
                }
            }
        }
        return "";
    }

    /** What the search returned, in Codex's order: each namespace as {@code name(tool, tool…)}, each lone tool by name. */
    public List<String> searchedNames() {
        List<String> out = new ArrayList<>();
        JsonNode last = last();
        for (JsonNode item : last == null ? JSON.createArrayNode() : last.path("input")) {
            if (item.path("type").asText().equals("tool_search_output")) {
                for (JsonNode t : item.path("tools")) {
                    List<String> inner = new ArrayList<>();
                    t.path("tools").forEach(x -> inner.add(x.path("name").asText()));
                    out.add(t.path("name").asText() + (inner.isEmpty() ? "" : "(" + String.join(", ", inner) + ")"));
                }
            }
        }
        return out;
    }

    /** The one line Codex shows its model for bg-agents before any search, from the first request; empty if none. */
    public String namespaceLine() {
        String all = requests().isEmpty() ? "" : requests().get(0).path("input").toString();
        int at = all.indexOf("- " + NAMESPACE + ":");
        return at < 0 ? "" : all.substring(at, all.indexOf("\\n", at) < 0 ? all.length() : all.indexOf("\\n", at));
    }
}
