package dev.bgagents.mcp.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Schema fragments for tool input and output schemas, in a fixed key order for snapshots. */
final class Schemas {
    private Schemas() {
    }

    /** An object schema; {@code properties} pairs are name, schema, name, schema, … in order. */
    static Map<String, Object> object(List<String> required, Object... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put((String) properties[i], properties[i + 1]);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", props);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", false);
        return s;
    }

    /** Like {@link #object} but open to more keys: output objects may grow without breaking clients. */
    static Map<String, Object> openObject(List<String> required, Object... properties) {
        Map<String, Object> s = object(required, properties);
        s.remove("additionalProperties");
        return s;
    }

    static Map<String, Object> string(String description) {
        return typed("string", description);
    }

    static Map<String, Object> oneOf(String description, List<String> values) {
        Map<String, Object> s = typed("string", description);
        s.put("enum", values);
        return s;
    }

    static Map<String, Object> number(String description, double min, double max) {
        Map<String, Object> s = typed("number", description);
        s.put("minimum", min);
        s.put("maximum", max);
        return s;
    }

    static Map<String, Object> integer(String description, int min, int max) {
        Map<String, Object> s = typed("integer", description);
        s.put("minimum", min);
        s.put("maximum", max);
        return s;
    }

    static Map<String, Object> integer(String description) {
        return typed("integer", description);
    }

    static Map<String, Object> bool(String description) {
        return typed("boolean", description);
    }

    static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> s = typed("array", description);
        s.put("items", items);
        return s;
    }

    private static Map<String, Object> typed(String type, String description) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("description", description);
        return s;
    }
}
