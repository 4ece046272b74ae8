package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;

/** One assistant message with one content block, as the Messages API sends it: SSE when asked to stream, else JSON. */
final class AnthropicWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicWire() {
    }

    static void answer(HttpExchange ex, JsonNode request, ObjectNode block, String stop, String id) throws IOException {
        String model = request.path("model").asText("claude-mock");
        if (request.path("stream").asBoolean(false)) {
            stream(ex, model, block, stop, id);
        } else {
            ObjectNode msg = message(model, stop, id);
            msg.withArray("content").add(block);
            MockModelServer.json(ex, 200, msg);
        }
    }

    private static ObjectNode message(String model, String stop, String id) {
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("type", "message")
                .put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.put("stop_reason", stop).putNull("stop_sequence");
        msg.set("usage", JSON.createObjectNode().put("input_tokens", 12).put("output_tokens", 7));
        return msg;
    }

    private static void stream(HttpExchange ex, String model, ObjectNode block, String stop, String id) throws IOException {
        OutputStream out = MockModelServer.startSse(ex);
        ObjectNode start = message(model, null, id);
        start.putNull("stop_reason");
        MockModelServer.event(out, "message_start", JSON.createObjectNode().put("type", "message_start").set("message", start));
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
        MockModelServer.event(out, "content_block_start", JSON.createObjectNode().put("type", "content_block_start")
                .put("index", 0).set("content_block", empty));
        MockModelServer.event(out, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta")
                .put("index", 0).set("delta", delta));
        MockModelServer.event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.set("delta", JSON.createObjectNode().put("stop_reason", stop).putNull("stop_sequence"));
        md.set("usage", JSON.createObjectNode().put("output_tokens", 7));
        MockModelServer.event(out, "message_delta", md);
        MockModelServer.event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }
}
