package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.JobStatus;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output schema of an answer record and the {@code structuredContent} of an answer, both read
 * off the record's components and their {@link Out} descriptions: names in snake_case, in the
 * record's order; a job status as its wire value, enumerated in full; an {@code Optional} as a
 * value that may be null.
 */
final class AnswerSchema {
    private AnswerSchema() {
    }

    /** An open object schema (outputs may grow without breaking clients) for {@code type}. */
    static Map<String, Object> of(Class<? extends Record> type) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Out out = describe(c);
            props.put(wireName(c.getName()), schema(c.getGenericType(), out, out.value(), 0));
            if (out.required()) {
                required.add(wireName(c.getName()));
            }
        }
        return Schemas.object(props, required);
    }

    /** The answer's structured part: every field set, and the nullable ones even when unset. */
    static Map<String, Object> structured(Record answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : answer.getClass().getRecordComponents()) {
            Out out = describe(c);
            Object v;
            try {
                v = c.getAccessor().invoke(answer);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + answer.getClass(), e);
            }
            if (v == null && out.required()) {
                throw new IllegalStateException(answer.getClass().getSimpleName() + "." + c.getName()
                        + " is required in the answer");
            }
            if (v != null) {
                m.put(wireName(c.getName()), value(v));
            }
        }
        return m;
    }

    private static Object value(Object v) {
        if (v instanceof java.util.Optional<?> o) {
            return o.map(AnswerSchema::value).orElse(null);
        }
        if (v instanceof Record r) {
            return structured(r);
        }
        if (v instanceof JobStatus s) {
            return s.wire();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(AnswerSchema::value).toList();
        }
        return v;
    }

    private static Map<String, Object> schema(Type t, Out out, String description, int depth) {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == java.util.Optional.class) {
            Map<String, Object> s = schema(((ParameterizedType) t).getActualTypeArguments()[0], out, description, depth);
            s.put("type", List.of(s.get("type"), "null"));
            return s;
        }
        if (Record.class.isAssignableFrom(raw)) {
            @SuppressWarnings("unchecked")
            Class<? extends Record> rec = (Class<? extends Record>) raw;
            return of(rec);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        String type = raw == String.class || raw == JobStatus.class ? "string"
                : raw == Boolean.class || raw == boolean.class ? "boolean"
                : raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class ? "integer"
                : raw == Double.class || raw == double.class ? "number"
                : List.class.isAssignableFrom(raw) ? "array" : null;
        if (type == null) {
            throw new IllegalStateException("no schema for " + t);
        }
        s.put("type", type);
        if (description != null) {
            s.put("description", description);
        }
        if (raw == JobStatus.class) {
            s.put("enum", Arrays.stream(JobStatus.values()).map(JobStatus::wire).toList());
        } else if (depth == 0 && out.oneOf().length > 0) {
            s.put("enum", List.of(out.oneOf()));
        }
        if (depth == 0 && !Double.isNaN(out.min())) {
            s.put("minimum", bound(raw, out.min()));
            s.put("maximum", bound(raw, out.max()));
        }
        if (type.equals("array")) {
            Type item = ((ParameterizedType) t).getActualTypeArguments()[0];
            String itemDescription = depth < out.items().length ? out.items()[depth] : null;
            s.put("items", schema(item, out, itemDescription, depth + 1));
        }
        return s;
    }

    private static Object bound(Class<?> raw, double v) {
        return raw == Double.class || raw == double.class ? (Object) v : (Object) (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static Out describe(RecordComponent c) {
        Out out = c.getAnnotation(Out.class);
        if (out == null) {
            throw new IllegalStateException(c.getDeclaringRecord().getSimpleName() + "." + c.getName()
                    + " has no @Out description");
        }
        return out;
    }

    /** {@code elapsedSeconds} → {@code elapsed_seconds}. */
    static String wireName(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
