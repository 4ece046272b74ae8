package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model behind Gemini CLI as a host ({@code …:streamGenerateContent}), scripted like
 * {@link HostModelMock}: each turn of the main loop — a request that declares bg-agents' tools —
 * gets the next step, a call of a bg-agents tool (its bare name) or a closing text; other requests
 * get a plain text. What Gemini sent is kept, so a test reads what its model received.
 */
public final class GeminiHostMock extends MockModelServer {
    /** How Gemini CLI names a tool of the server named bg-agents. */
    public static final String PREFIX = "mcp_bg-agents_";
    private static final String INSTRUCTIONS_START = "---[start of server instructions]---\n";

    private final List<HostModelMock.Step> script;

    public GeminiHostMock(List<HostModelMock.Step> script) throws IOException {
        super();
        this.script = script;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.contains("generateContent") && !path.contains("GenerateContent")) {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(404, -1);
            return;
        }
        JsonNode body = record(ex);
        HostModelMock.Step step = declarations(body).isEmpty() ? new HostModelMock.Say("ok") : next(body.path("contents"));
        ObjectNode part = JSON.createObjectNode();
        if (step instanceof HostModelMock.Call c) {
            part.set("functionCall", JSON.createObjectNode().put("name", PREFIX + c.tool())
                    .set("args", JSON.readTree(c.input().replace("{job_id}", lastJobId(body.path("contents"))))));
        } else {
            part.put("text", ((HostModelMock.Say) step).text());
        }
        GeminiMock.reply(ex, path, part, true);
    }

    /** bg-agents' function declarations in a request, as the model receives them. */
    public static List<JsonNode> declarations(JsonNode request) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode tools : request.path("tools")) {
            for (JsonNode f : tools.path("functionDeclarations")) {
                if (f.path("name").asText().startsWith(PREFIX)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private HostModelMock.Step next(JsonNode contents) {
        int calls = 0;
        for (JsonNode c : contents) {
            for (JsonNode p : c.path("parts")) {
                calls += p.path("functionCall").path("name").asText().startsWith(PREFIX) ? 1 : 0;
            }
        }
        return calls < script.size() ? script.get(calls) : new HostModelMock.Say("Done.");
    }

    private static String lastJobId(JsonNode contents) {
        String last = "no-job-yet";
        for (JsonNode c : contents) {
            for (JsonNode p : c.path("parts")) {
                var m = HostModelMock.JOB_ID.matcher(p.path("functionResponse").toString());
                while (m.find()) {
                    last = m.group();
                }
            }
        }
        return last;
    }

    /** The main-loop requests (those that declare bg-agents' tools), in order. */
    public List<JsonNode> mainRequests() {
        return requests().stream().filter(r -> !declarations(r).isEmpty()).toList();
    }

    /** Every bg-agents call of the conversation with what the model received, in order. */
    public List<HostModelMock.Exchange> exchanges() {
        List<HostModelMock.Exchange> out = new ArrayList<>();
        List<JsonNode> main = mainRequests();
        if (main.isEmpty()) {
            return out;
        }
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode c : main.get(main.size() - 1).path("contents")) {
            for (JsonNode p : c.path("parts")) {
                if (p.path("functionCall").path("name").asText().startsWith(PREFIX)) {
                    calls.add(p.path("functionCall"));
                } else if (p.path("functionResponse").path("name").asText().startsWith(PREFIX) && !calls.isEmpty()) {
                    JsonNode call = calls.remove(0);
                    String received = p.path("functionResponse").path("response").path("output").asText(
                            p.path("functionResponse").path("response").toString());
                    out.add(new HostModelMock.Exchange(call.path("name").asText().substring(PREFIX.length()),
                            call.path("args"), received, p.path("functionResponse").path("response").has("error")));
                }
            }
        }
        return out;
    }

    /** The server's instructions as Gemini put them in the conversation (once), empty when absent. */
    public String instructionsSeen() {
        List<JsonNode> main = mainRequests();
        for (JsonNode c : main.isEmpty() ? JSON.createArrayNode() : main.get(0).path("contents")) {
            for (JsonNode p : c.path("parts")) {
                String text = p.path("text").asText();
                int at = text.indexOf(INSTRUCTIONS_START);
                if (at >= 0) {
                    int end = text.indexOf("---[end of server instructions]---", at);
                    return text.substring(at + INSTRUCTIONS_START.length(), end < 0 ? text.length() : end).strip();
                }
            }
        }
        return "";
    }
}
