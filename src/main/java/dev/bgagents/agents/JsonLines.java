package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading the JSON-lines streams the CLIs print, which mix in plain text lines. */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** The line as a JSON object, or null when it is not one. */
    public static JsonNode parse(String line) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (Exception notJson) {
            return null;
        }
    }

    public static Long longOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }
}
