package dev.bgagents.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed, validated access to a tool call's arguments; every mistake is a one-line {@link BadInput}. */
public final class ToolArgs {
    private final Map<String, Object> raw;

    /** The arguments of a call of {@code tool}: every key must be one of its input schema's properties. */
    public static ToolArgs of(McpSchema.Tool tool, Map<String, Object> raw) {
        Object props = tool.inputSchema().get("properties");
        Set<String> known = props instanceof Map<?, ?> m ? m.keySet().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)) : Set.of();
        return new ToolArgs(raw, known, tool.name());
    }

    ToolArgs(Map<String, Object> raw, Set<String> known, String tool) {
        this.raw = raw == null ? Map.of() : raw;
        for (String key : this.raw.keySet()) {
            if (!known.contains(key)) {
                throw new BadInput("unknown argument \"" + key + "\" for " + tool + "; it takes: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** The arguments given (set to something), in no particular order. */
    java.util.Set<String> given() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                out.add(k);
            }
        });
        return out;
    }

    boolean has(String name) {
        return raw.get(name) != null;
    }

    String string(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadInput("\"" + name + "\" must be a string");
        }
        return s;
    }

    Double number(String name, double min, double max) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new BadInput("\"" + name + "\" must be a number");
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || d < min || d > max) {
            throw new BadInput("\"" + name + "\" must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(d));
        }
        return d;
    }

    Integer integer(String name, int min, int max) {
        Double d = number(name, min, max);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d)) {
            throw new BadInput("\"" + name + "\" must be a whole number");
        }
        return d.intValue();
    }

    Boolean bool(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw new BadInput("\"" + name + "\" must be true or false");
        }
        return b;
    }

    List<String> strings(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> list)) {
            throw new BadInput("\"" + name + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new BadInput("\"" + name + "\" must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A list of objects (as JSON objects arrive), or null when absent. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new BadInput("\"" + name + "\" must be a list of objects");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new BadInput("\"" + name + "\" must be a list of objects");
            }
            out.add((Map<String, Object>) m);
        }
        return out;
    }

    /** One of the allowed values, or the default when absent. */
    String choice(String name, List<String> allowed, String fallback) {
        String s = string(name);
        if (s == null) {
            return fallback;
        }
        if (!allowed.contains(s)) {
            throw new BadInput("\"" + name + "\" must be one of " + String.join(", ", allowed) + ", got \"" + s + "\"");
        }
        return s;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
