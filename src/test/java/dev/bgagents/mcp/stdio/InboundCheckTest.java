package dev.bgagents.mcp.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** What becomes of each kind of line a client may write: passed on, answered with an error, or skipped. */
class InboundCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("not JSON", "hello", -32700, null),
                Arguments.of("truncated JSON", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/li", -32700, null),
                Arguments.of("NaN", "NaN", -32700, null),
                Arguments.of("deep nesting", "[".repeat(5000), -32700, null),
                Arguments.of("a NUL byte", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"\u0000}", -32700, null),
                Arguments.of("two messages on a line", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}{}", -32700, null),
                Arguments.of("a number", "42", -32600, null),
                Arguments.of("null", "null", -32600, null),
                Arguments.of("true", "true", -32600, null),
                Arguments.of("a string", "\"hi\"", -32600, null),
                Arguments.of("a batch", "[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]", -32600, null),
                Arguments.of("an empty object", "{}", -32600, null),
                Arguments.of("no jsonrpc", "{\"id\":9,\"method\":\"ping\"}", -32600, 9),
                Arguments.of("jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"ping\"}", -32600, "a"),
                Arguments.of("an id that is an object", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600, null),
                Arguments.of("a null id", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", -32600, null),
                Arguments.of("an id alone", "{\"jsonrpc\":\"2.0\",\"id\":9}", -32600, 9),
                Arguments.of("result and error", "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{},\"error\":{}}", -32600, 9),
                Arguments.of("a method that is a number", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":5}", -32600, 9),
                Arguments.of("params that are a string", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":\"x\"}", -32602, 9),
                Arguments.of("tool arguments that are a list",
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"job_status\",\"arguments\":[1]}}", -32602, 9),
                Arguments.of("a tool name that is a number",
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":7}}", -32602, 9),
                Arguments.of("a resource uri that is an object",
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":{\"uri\":{}}}", -32602, 9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isAnsweredWithAnErrorAndNeverReachesTheSdk(String kind, String line, int code, Object id) throws Exception {
        InboundCheck.Verdict v = InboundCheck.check(line.getBytes(StandardCharsets.UTF_8));
        assertEquals(InboundCheck.Verdict.Kind.REPLY, v.kind(), kind);
        JsonNode reply = JSON.readTree(v.reply());
        assertEquals("2.0", reply.path("jsonrpc").asText());
        assertEquals(code, reply.path("error").path("code").asInt(), v.reply());
        assertEquals(id == null ? JSON.nullNode() : JSON.valueToTree(id), reply.get("id"), v.reply());
        String message = reply.path("error").path("message").asText();
        assertFalse(message.contains("\n") || message.contains("Exception") || message.contains("Cannot "), message);
    }

    static Stream<Arguments> passed() {
        return Stream.of(
                Arguments.of("a request", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"),
                Arguments.of("a request with a string id", "{\"jsonrpc\":\"2.0\",\"id\":\"x-1\",\"method\":\"ping\"}"),
                Arguments.of("a notification", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                Arguments.of("a response", "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"),
                Arguments.of("an error response", "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":1,\"message\":\"m\"}}"),
                Arguments.of("an unknown method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such\",\"params\":{\"a\":[1]}}"),
                Arguments.of("a tool call", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"job_status\",\"arguments\":{\"wait\":\"any\"}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passed")
    void passesUnchanged(String kind, String line) {
        InboundCheck.Verdict v = InboundCheck.check(line.getBytes(StandardCharsets.UTF_8));
        assertEquals(InboundCheck.Verdict.Kind.PASS, v.kind(), kind);
        assertEquals(line, new String(v.line(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skippedKinds")
    void isSkippedSilently(String kind, String line) {
        assertEquals(InboundCheck.Verdict.Kind.SKIP, InboundCheck.check(line.getBytes(StandardCharsets.UTF_8)).kind(), kind);
    }

    static Stream<Arguments> skippedKinds() {
        return Stream.of(
                Arguments.of("a blank line", ""),
                Arguments.of("whitespace", "  \t "),
                Arguments.of("a notification with mistyped params (nobody to answer)",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":5}"));
    }

    @org.junit.jupiter.api.Test
    void aByteOrderMarkIsDroppedAndACarriageReturnInsideTheLineBecomesASpace() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] msg = "{\"jsonrpc\":\"2.0\",\r\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[bom.length + msg.length];
        System.arraycopy(bom, 0, line, 0, 3);
        System.arraycopy(msg, 0, line, 3, msg.length);
        InboundCheck.Verdict v = InboundCheck.check(line);
        assertEquals(InboundCheck.Verdict.Kind.PASS, v.kind());
        // the SDK's reader ends a line at a carriage return
        assertEquals("{\"jsonrpc\":\"2.0\", \"id\":1,\"method\":\"ping\"}", new String(v.line(), StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void anOversizedLineIsAnsweredWithTheIdItsStartShows() throws Exception {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"arguments\":{\"prompt\":\"xxxx";
        JsonNode r = JSON.readTree(InboundCheck.oversized(head.getBytes(StandardCharsets.UTF_8), 16 << 20));
        assertEquals(42, r.path("id").asInt());
        assertEquals(-32600, r.path("error").path("code").asInt());
        assertTrue(r.path("error").path("message").asText().contains("16 MiB"), r.toString());
        assertTrue(JSON.readTree(InboundCheck.oversized("xxxx".getBytes(StandardCharsets.UTF_8), 16 << 20)).get("id").isNull());
    }
}
