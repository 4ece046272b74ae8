package dev.bgagents.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.text.Clip;

/**
 * Claude's stream-json control channel ({@code -p --input-format stream-json --output-format stream-json
 * --verbose --permission-prompt-tool stdio}), as measured with claude 2.1.197 (docs/agent-channels.md): what it
 * writes on stdout that the relay must answer, and the lines the relay writes on its stdin. One JSON a line.
 */
final class ClaudeWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaudeWire() {
    }

    /**
     * A tool claude wants to run that its permission mode does not allow: answered with {@link #allow}/{@link #deny}.
     *
     * @param input null when the request was too long to keep: it can only be denied (an allow must send it back)
     */
    record ToolAsk(String requestId, String tool, JsonNode input) {
        /** Its argument in one line, as a person reads it: the command, the file, the URL. */
        String detail() {
            if (input == null) {
                return "(a request over " + LineTap.KEPT / 1024 + " KiB)";
            }
            for (String field : new String[]{"command", "file_path", "notebook_path", "path", "url", "pattern", "query"}) {
                if (input.hasNonNull(field)) {
                    return Clip.oneLine(input.get(field).asText(), 300);
                }
            }
            return input.isEmpty() ? "" : Clip.oneLine(input.toString(), 300);
        }
    }

    /**
     * A line of claude's stdout as far as the relay cares: a tool to ask about, the end of a turn, a control
     * line (an answer to the relay's interrupt: no sign of a turn), the sign of a turn going on (its init, a
     * message of the model or of the user), or anything else.
     */
    sealed interface Seen permits Asked, TurnEnded, Control, InTurn, Other {
    }

    record InTurn() implements Seen {
    }

    record Control() implements Seen {
    }

    record Asked(ToolAsk ask) implements Seen {
    }

    record TurnEnded() implements Seen {
    }

    record Other() implements Seen {
    }

    static Seen read(LineTap.Line line) {
        if (line.cut()) {
            return cut(line.text());
        }
        return read(line.text());
    }

    static Seen read(String line) {
        // most lines are the transcript: only a control request or a result concerns the relay
        if (!line.contains("\"control_request\"") && !line.contains("\"result\"")) {
            return line.startsWith("{\"type\":\"control_response\"") ? new Control()
                    // as claude writes them: type first
                    : line.startsWith("{\"type\":\"assistant\"") || line.startsWith("{\"type\":\"user\"")
                    || line.startsWith("{\"type\":\"system\",\"subtype\":\"init\"") ? new InTurn() : new Other();
        }
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (Exception notJson) {
            return new Other();
        }
        String type = n.path("type").asText();
        if (type.equals("result")) {
            return new TurnEnded();
        }
        JsonNode req = n.path("request");
        if (type.equals("control_request") && req.path("subtype").asText().equals("can_use_tool")) {
            return new Asked(new ToolAsk(n.path("request_id").asText(), req.path("tool_name").asText("?"),
                    req.path("input").isObject() ? req.get("input") : JSON.createObjectNode()));
        }
        if (type.equals("assistant") || type.equals("user")
                || type.equals("system") && n.path("subtype").asText().equals("init")) {
            return new InTurn(); // one that merely says "result" in its text
        }
        return type.startsWith("control_") ? new Control() : new Other();
    }

    private static final java.util.regex.Pattern CUT_ASK = java.util.regex.Pattern.compile(
            "^\\{\"type\":\"control_request\",\"request_id\":\"([^\"]+)\",\"request\":\\{\"subtype\":\"can_use_tool\","
                    + "\"tool_name\":\"([^\"]+)\"");

    /**
     * A line too long to keep whole, judged by its start as claude writes it (type first, then request_id): a
     * result still ends a turn, and a request is still asked about, by its tool alone.
     */
    private static Seen cut(String start) {
        if (start.startsWith("{\"type\":\"result\"")) {
            return new TurnEnded();
        }
        java.util.regex.Matcher m = CUT_ASK.matcher(start);
        if (m.find()) {
            return new Asked(new ToolAsk(m.group(1), m.group(2), null));
        }
        return new Other();
    }

    /** A user message; sent while a turn runs, claude hands it to the model with the turn's next request. */
    static String user(String text) {
        ObjectNode m = JSON.createObjectNode().put("type", "user");
        m.set("message", JSON.createObjectNode().put("role", "user").put("content", text));
        return m.toString();
    }

    /** Runs the tool as asked (claude requires the input back, possibly changed). */
    static String allow(ToolAsk ask) {
        ObjectNode r = JSON.createObjectNode().put("behavior", "allow");
        r.set("updatedInput", ask.input());
        return response(ask.requestId(), r);
    }

    /** Refuses the tool; claude gives the model {@code message} as the tool's error result. */
    static String deny(ToolAsk ask, String message) {
        return response(ask.requestId(), JSON.createObjectNode().put("behavior", "deny").put("message", message));
    }

    /** Stops the current turn: claude answers with a control_response and ends the turn with an error result. */
    static String interrupt(String requestId) {
        ObjectNode m = JSON.createObjectNode().put("type", "control_request").put("request_id", requestId);
        m.set("request", JSON.createObjectNode().put("subtype", "interrupt"));
        return m.toString();
    }

    private static String response(String requestId, ObjectNode body) {
        ObjectNode m = JSON.createObjectNode().put("type", "control_response");
        ObjectNode r = JSON.createObjectNode().put("subtype", "success").put("request_id", requestId);
        r.set("response", body);
        m.set("response", r);
        return m.toString();
    }
}
