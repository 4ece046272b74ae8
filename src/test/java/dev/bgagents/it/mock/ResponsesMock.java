package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A scripted OpenAI Responses API ({@code POST /v1/responses}, SSE) for the real codex CLI. A
 * file write is codex's {@code apply_patch} custom tool call; the final text follows once the
 * tool output comes back.
 */
public final class ResponsesMock extends MockModelServer {

    public ResponsesMock() throws IOException {
        super();
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
        Scenario s = scenario(body);
        if (body.path("model").asText().contains(UNKNOWN_MODEL)) {
            s = new Scenario.HttpError(404, "model_not_found", "The model does not exist: " + body.path("model").asText());
        }
        if (s instanceof Scenario.HttpError e) {
            json(ex, e.status(), JSON.createObjectNode().set("error",
                    JSON.createObjectNode().put("type", e.type()).put("message", e.message())));
            return;
        }
        OutputStream out = startSse(ex);
        ObjectNode response = JSON.createObjectNode().put("id", "resp_mock_" + ids.incrementAndGet())
                .put("object", "response").put("status", "in_progress").put("model", body.path("model").asText("gpt-mock"));
        response.putArray("output");
        event(out, "response.created", JSON.createObjectNode().put("type", "response.created").set("response", response));
        ObjectNode item;
        if (s instanceof Scenario.WriteFile w && !hasToolOutput(body)) {
            item = JSON.createObjectNode().put("type", "custom_tool_call").put("id", "ctc_" + ids.incrementAndGet())
                    .put("status", "completed").put("call_id", "call_mock_" + ids.incrementAndGet())
                    .put("name", "apply_patch")
                    .put("input", "*** Begin Patch\n*** Add File: " + w.path() + "\n"
                            + w.content().lines().map(l -> "+" + l + "\n").reduce("", String::concat)
                            + "*** End Patch\n");
            event(out, "response.output_item.added", JSON.createObjectNode()
                    .put("type", "response.output_item.added").put("output_index", 0).set("item", item));
        } else if (s instanceof Scenario.KeepRunning k
                || (s instanceof Scenario.RunCommand r && !hasToolOutput(body))) {
            // codex's shell tool: one call per request, so a KeepRunning run goes on until something stops it
            String cmd = s instanceof Scenario.KeepRunning k2 ? k2.command() : ((Scenario.RunCommand) s).command();
            item = JSON.createObjectNode().put("type", "function_call").put("id", "fc_" + ids.incrementAndGet())
                    .put("status", "completed").put("call_id", "call_mock_" + ids.incrementAndGet())
                    .put("name", "exec_command")
                    .put("arguments", JSON.createObjectNode().put("cmd", cmd).toString());
            event(out, "response.output_item.added", JSON.createObjectNode()
                    .put("type", "response.output_item.added").put("output_index", 0).set("item", item));
        } else {
            String text = finalText(s);
            String mid = "msg_mock_" + ids.incrementAndGet();
            ObjectNode added = JSON.createObjectNode().put("type", "message").put("id", mid)
                    .put("status", "in_progress").put("role", "assistant");
            added.putArray("content");
            event(out, "response.output_item.added", JSON.createObjectNode()
                    .put("type", "response.output_item.added").put("output_index", 0).set("item", added));
            event(out, "response.output_text.delta", JSON.createObjectNode()
                    .put("type", "response.output_text.delta").put("item_id", mid).put("output_index", 0)
                    .put("content_index", 0).put("delta", text));
            if (s instanceof Scenario.DropAfterText) {
                return; // the connection closes before response.completed
            }
            item = JSON.createObjectNode().put("type", "message").put("id", mid).put("status", "completed")
                    .put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        }
        finish(out, response, item);
    }

    /** Ends a streamed response whose one output is {@code item}: the item done, then the response completed. */
    static void finish(OutputStream out, ObjectNode response, ObjectNode item) throws IOException {
        event(out, "response.output_item.done", JSON.createObjectNode()
                .put("type", "response.output_item.done").put("output_index", 0).set("item", item));
        ObjectNode done = response.deepCopy().put("status", "completed");
        done.putArray("output").add(item);
        done.set("usage", JSON.createObjectNode().put("input_tokens", 40).put("output_tokens", 16)
                .put("total_tokens", 56)
                .<ObjectNode>set("input_tokens_details", JSON.createObjectNode().put("cached_tokens", 0))
                .set("output_tokens_details", JSON.createObjectNode().put("reasoning_tokens", 0)));
        event(out, "response.completed", JSON.createObjectNode().put("type", "response.completed").set("response", done));
    }

    /** Whether the request carries the output of our tool call (the patch was applied). */
    static boolean hasToolOutput(JsonNode body) {
        for (JsonNode item : body.path("input")) {
            String type = item.path("type").asText();
            if (type.equals("custom_tool_call_output") || type.equals("function_call_output")) {
                return true;
            }
        }
        return false;
    }
}
