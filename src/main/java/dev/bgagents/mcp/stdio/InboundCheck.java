package dev.bgagents.mcp.stdio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what becomes of one line a client wrote on stdin: a well-formed JSON-RPC message
 * passes to the SDK; a blank line is skipped; anything else is answered here with a JSON-RPC
 * error, because the SDK's stdio transport ends the whole session on a line it cannot read.
 * The params of the methods this server answers are checked for their JSON types too, so a
 * mistyped field gets one line from us rather than a Java exception's text from the SDK.
 */
final class InboundCheck {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    // two messages on one line, or one followed by junk, is not one message
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern LEADING_ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,200}\")");
    /** Fields whose JSON type the SDK assumes, per method: a wrong type there fails deep in its deserializer. */
    private static final Map<String, Map<String, JsonNodeType>> PARAM_TYPES = Map.of(
            "initialize", Map.of("protocolVersion", JsonNodeType.STRING, "capabilities", JsonNodeType.OBJECT,
                    "clientInfo", JsonNodeType.OBJECT),
            "tools/call", Map.of("name", JsonNodeType.STRING, "arguments", JsonNodeType.OBJECT,
                    "_meta", JsonNodeType.OBJECT),
            "tools/list", Map.of("cursor", JsonNodeType.STRING),
            "resources/read", Map.of("uri", JsonNodeType.STRING),
            "resources/subscribe", Map.of("uri", JsonNodeType.STRING),
            "resources/unsubscribe", Map.of("uri", JsonNodeType.STRING),
            "resources/list", Map.of("cursor", JsonNodeType.STRING),
            "resources/templates/list", Map.of("cursor", JsonNodeType.STRING),
            "logging/setLevel", Map.of("level", JsonNodeType.STRING),
            "prompts/get", Map.of("name", JsonNodeType.STRING, "arguments", JsonNodeType.OBJECT));

    /**
     * What to do with a line: pass it on as it is ({@code message} is it parsed), answer it with
     * {@code reply}, or skip it.
     */
    record Verdict(Kind kind, byte[] line, JsonNode message, String reply) {
        enum Kind { PASS, REPLY, SKIP }

        static Verdict pass(byte[] line, JsonNode message) {
            return new Verdict(Kind.PASS, line, message, null);
        }

        static final Verdict SKIP = new Verdict(Kind.SKIP, null, null, null);
    }

    private InboundCheck() {
    }

    /** {@code line} is one line without its terminator. */
    static Verdict check(byte[] line) {
        byte[] body = withoutBom(line);
        if (isBlank(body)) {
            return Verdict.SKIP;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return reply(null, PARSE_ERROR, "Parse error: the line is not JSON (" + excerpt(body) + ")");
        } catch (IOException e) {
            return reply(null, PARSE_ERROR, "Parse error: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            return Verdict.SKIP;
        }
        if (node.isArray()) {
            return reply(null, INVALID_REQUEST, "Invalid Request: batches are not supported; send one message per line");
        }
        if (!node.isObject()) {
            return reply(null, INVALID_REQUEST, "Invalid Request: a message is a JSON object, not " + describe(node));
        }
        JsonNode id = node.get("id");
        boolean idUsable = id != null && (id.isTextual() || id.isIntegralNumber());
        JsonNode answerId = idUsable ? id : null;
        if (id != null && !idUsable) {
            return reply(null, INVALID_REQUEST, "Invalid Request: \"id\" must be a string or an integer");
        }
        if (!"2.0".equals(node.path("jsonrpc").asText(null)) || !node.path("jsonrpc").isTextual()) {
            return reply(answerId, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual() || method.asText().isEmpty()) {
                return id == null ? Verdict.SKIP
                        : reply(answerId, INVALID_REQUEST, "Invalid Request: \"method\" must be a non-empty string");
            }
            String problem = paramsProblem(method.asText(), node.get("params"));
            if (problem != null) {
                // a notification cannot be answered: it is dropped
                return id == null ? Verdict.SKIP : reply(answerId, INVALID_PARAMS, "Invalid params: " + problem);
            }
            return Verdict.pass(sanitized(body), node);
        }
        boolean hasResult = node.has("result");
        boolean hasError = node.has("error");
        if (id == null || hasResult == hasError) {
            return reply(answerId, INVALID_REQUEST,
                    "Invalid Request: a message needs a \"method\", or an \"id\" with one of \"result\" and \"error\"");
        }
        return Verdict.pass(sanitized(body), node);
    }

    /** The answer to a line too long to read, with its id when the line's start shows one. */
    static String oversized(byte[] head, int limit) {
        Matcher m = LEADING_ID.matcher(new String(head, StandardCharsets.UTF_8));
        JsonNode id = null;
        if (m.find()) {
            try {
                id = JSON.readTree(m.group(1));
            } catch (IOException e) {
                id = null;
            }
        }
        return reply(id, INVALID_REQUEST, "Invalid Request: the message is longer than " + limit / (1024 * 1024)
                + " MiB; put large material in files and pass their paths").reply();
    }

    /** The answer to a request sent before any handshake and without the stateless protocol's {@code _meta}. */
    static String beforeHandshake(JsonNode request) {
        return reply(request.get("id"), INVALID_REQUEST, "Invalid Request: " + request.path("method").asText()
                + " before initialize: send initialize first (protocol 2025-11-25), or give every request _meta with "
                + "io.modelcontextprotocol/protocolVersion \"2026-07-28\" and io.modelcontextprotocol/clientCapabilities")
                .reply();
    }

    private static String paramsProblem(String method, JsonNode params) {
        if (params == null || params.isNull()) {
            return null;
        }
        if (!params.isObject()) {
            return "\"params\" must be an object, not " + describe(params);
        }
        Map<String, JsonNodeType> types = PARAM_TYPES.get(method);
        if (types == null) {
            return null;
        }
        for (Map.Entry<String, JsonNodeType> t : types.entrySet()) {
            JsonNode v = params.get(t.getKey());
            if (v != null && !v.isNull() && v.getNodeType() != t.getValue()) {
                return "\"" + t.getKey() + "\" of " + method + " must be " + article(t.getValue()) + ", not "
                        + describe(v);
            }
        }
        return null;
    }

    private static Verdict reply(JsonNode id, int code, String message) {
        ObjectNode error = JSON.createObjectNode().put("code", code).put("message", message);
        ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id == null ? JSON.nullNode() : id);
        r.set("error", error);
        return new Verdict(Verdict.Kind.REPLY, null, null, r.toString());
    }

    /**
     * A carriage return is whitespace to JSON but a line end to the SDK's reader, which would
     * then see two broken halves; a valid message holds one only between tokens.
     */
    private static byte[] sanitized(byte[] body) {
        byte[] out = body;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\r') {
                if (out == body) {
                    out = body.clone();
                }
                out[i] = ' ';
            }
        }
        return out;
    }

    private static byte[] withoutBom(byte[] line) {
        if (line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            byte[] rest = new byte[line.length - 3];
            System.arraycopy(line, 3, rest, 0, rest.length);
            return rest;
        }
        return line;
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\t' && x != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "that";
        };
    }

    private static String article(JsonNodeType t) {
        return switch (t) {
            case OBJECT -> "an object";
            case STRING -> "a string";
            case ARRAY -> "an array";
            default -> t.name().toLowerCase();
        };
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 40), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("starts ");
        b.append('"');
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        b.append('"');
        if (body.length > 40) {
            b.append("…");
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse("unreadable");
    }
}
