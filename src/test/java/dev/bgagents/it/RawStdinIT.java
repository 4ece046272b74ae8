package dev.bgagents.it;

import dev.bgagents.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One server, and after its handshake every kind of bad line a client (or something writing
 * into its pipe) may send: each gets a JSON-RPC error or is skipped, and the next request is
 * still answered — the session never ends on a line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawStdinIT {
    private Path dir;
    private ServerHarness harness;
    private RawMcpClient client;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("bg-raw-stdin");
        harness = new ServerHarness(dir, "");
        client = harness.startRaw();
        client.initialize("2025-06-18");
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        harness.close();
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("a blank line", "", null),
                Arguments.of("whitespace", "  \t  ", null),
                Arguments.of("a word", "hello", -32700),
                Arguments.of("truncated JSON", "{\"jsonrpc\":\"2.0\",\"id\":900,\"method\":\"tools/li", -32700),
                Arguments.of("a number", "42", -32600),
                Arguments.of("null", "null", -32600),
                Arguments.of("a batch", "[{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"ping\"}]", -32600),
                Arguments.of("NaN", "NaN", -32700),
                Arguments.of("deep nesting", "[".repeat(100_000), -32700),
                Arguments.of("a NUL byte", "{\"jsonrpc\":\"2.0\",\"id\":902,\"method\":\"ping\"\u0000}", -32700),
                Arguments.of("10 MB of non-JSON", "x".repeat(10 << 20), -32700),
                Arguments.of("20 MB, over the line limit", "{\"jsonrpc\":\"2.0\",\"id\":903,\"p\":\"" + "x".repeat(20 << 20), -32600),
                Arguments.of("no jsonrpc", "{\"id\":904,\"method\":\"ping\"}", -32600),
                Arguments.of("an id alone", "{\"jsonrpc\":\"2.0\",\"id\":905}", -32600),
                Arguments.of("an object id", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}", -32600),
                Arguments.of("params as a string", "{\"jsonrpc\":\"2.0\",\"id\":906,\"method\":\"tools/call\",\"params\":\"x\"}", -32602),
                Arguments.of("tool arguments as a list", "{\"jsonrpc\":\"2.0\",\"id\":907,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"job_status\",\"arguments\":[1]}}", -32602),
                Arguments.of("a response nobody asked for", "{\"jsonrpc\":\"2.0\",\"id\":777,\"result\":{}}", null),
                Arguments.of("a byte order mark", "\uFEFF{\"jsonrpc\":\"2.0\",\"id\":908,\"method\":\"ping\"}", 0),
                Arguments.of("an unknown method", "{\"jsonrpc\":\"2.0\",\"id\":909,\"method\":\"no/such\"}", -32601));
    }

    /** {@code code}: the error expected, 0 for a plain answer, null for nothing at all. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void theSessionGoesOn(String kind, String line, Integer code) throws Exception {
        int before = client.notifications.size();
        int answered = client.strayAnswers.size();
        client.sendLine(line);
        JsonNode tools = client.request("tools/list", Map.of());
        assertEquals(7, tools.path("result").path("tools").size(), kind + ": the next request is answered: " + tools);
        if (code == null) {
            assertEquals(answered, client.strayAnswers.size(), kind + " gets no answer: " + client.strayAnswers);
        } else {
            // the SDK may answer a request it was passed after the one that followed it
            Await.until(kind + " is answered", Duration.ofSeconds(2), () -> client.strayAnswers.size() > answered);
            assertEquals(answered + 1, client.strayAnswers.size(), kind + " gets one answer: " + client.strayAnswers);
            JsonNode a = client.strayAnswers.get(client.strayAnswers.size() - 1);
            if (code == 0) {
                assertTrue(a.has("result"), a.toString());
            } else {
                assertEquals(code, a.path("error").path("code").asInt(), a.toString());
                String message = a.path("error").path("message").asText();
                assertFalse(message.contains("Exception") || message.contains("Cannot "), message);
            }
        }
        assertEquals(before, client.notifications.size());
        client.assertOnlyJson();
    }
}
