package dev.bgagents.mcp.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema fragments for tool input schemas, in a fixed key order for snapshots. Hosts re-send
 * every input schema with every turn, so they hold only what the model needs to call: no bounds
 * and no {@code additionalProperties} — {@link ToolArgs} checks both, with a one-line message.
 */
final class Schemas {
    private Schemas() {
    }

    /** An object schema; {@code properties} pairs are name, schema, name, schema, … in order. */
    static Map<String, Object> object(List<String> required, Object... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put((String) properties[i], properties[i + 1]);
        }
        return object(props, required);
    }

    /** An object schema of {@code properties} in their order; an output's too ({@link AnswerSchema}). */
    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        return s;
    }

    /** A string whose meaning its name, or the tool's description, gives: no description of its own. */
    static Map<String, Object> string() {
        return typed("string", null);
    }

    static Map<String, Object> number() {
        return typed("number", null);
    }

    static Map<String, Object> integer() {
        return typed("integer", null);
    }

    static Map<String, Object> bool() {
        return typed("boolean", null);
    }

    static Map<String, Object> strings() {
        return strings(null);
    }

    static Map<String, Object> string(String description) {
        return typed("string", description);
    }

    static Map<String, Object> oneOf(String description, List<String> values) {
        Map<String, Object> s = typed("string", description);
        s.put("enum", values);
        return s;
    }

    static Map<String, Object> number(String description) {
        return typed("number", description);
    }

    static Map<String, Object> integer(String description) {
        return typed("integer", description);
    }

    static Map<String, Object> bool(String description) {
        return typed("boolean", description);
    }

    /** An array of strings whose meaning the array's description gives. */
    static Map<String, Object> strings(String description) {
        return array(description, Map.of("type", "string"));
    }

    static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> s = typed("array", description);
        s.put("items", items);
        return s;
    }

    private static Map<String, Object> typed(String type, String description) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        if (description != null) {
            s.put("description", description);
        }
        return s;
    }
}
