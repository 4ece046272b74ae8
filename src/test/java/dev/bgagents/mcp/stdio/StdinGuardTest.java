package dev.bgagents.mcp.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** The guard between stdin and the SDK, fed real byte streams: what the SDK reads and what the client is answered. */
class StdinGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything the guard forwards to the SDK. */
    static final class Sdk implements WritableByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean closed;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            got.write(b, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> lines() {
            return got.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static List<JsonNode> replies(ByteArrayOutputStream stdout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : stdout.toString(StandardCharsets.UTF_8).lines().toList()) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void goodLinesReachTheSdkBadOnesAreAnsweredAndTheEndOfStdinClosesTheSdksSide() throws Exception {
        String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\n"
                + "\n"
                + "hello\r\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\r\n"
                + "[1,2]\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"; // no newline before EOF
        Sdk sdk = new Sdk();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        AtomicBoolean gone = new AtomicBoolean();
        new StdinGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), sdk,
                new LineOutput(stdout), m -> fail("not a modern message: " + m), () -> {
                    assertTrue(sdk.closed, "the SDK's side closes first");
                    gone.set(true);
                }, 1024).run();
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), sdk.lines());
        List<JsonNode> replies = replies(stdout);
        assertEquals(List.of(-32700, -32600), replies.stream().map(r -> r.path("error").path("code").asInt()).toList());
        assertTrue(sdk.closed, "the SDK sees the end of stdin");
        assertTrue(gone.get(), "and the end of stdin is taken as the client gone");
    }

    @Test
    void aLineOverTheLimitIsNeverHeldWholeAndIsAnsweredWithItsId() throws Exception {
        int limit = 64 * 1024;
        byte[] start = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"p\":\""
                .getBytes(StandardCharsets.UTF_8);
        // 40 times the limit, in 64 KiB reads: the guard must drop it as it arrives
        InputStream big = new InputStream() {
            long left = 40L * limit;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        InputStream in = new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(start), big,
                new ByteArrayInputStream("\"}}}\n{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8)))));
        Sdk sdk = new Sdk();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StdinGuard guard = new StdinGuard(in, sdk, new LineOutput(stdout), m -> { }, () -> { }, limit);
        guard.run();
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}"), sdk.lines(), "the next message still gets through");
        List<JsonNode> replies = replies(stdout);
        assertEquals(1, replies.size());
        assertEquals(7, replies.get(0).path("id").asInt());
        assertEquals(-32600, replies.get(0).path("error").path("code").asInt());
    }

    @Test
    void theStatelessProtocolsMessagesGoToItsEndpointAndTheHandshakesToTheSdk() throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + meta + "}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + meta + "}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}\n";
        Sdk sdk = new Sdk();
        List<JsonNode> modern = new ArrayList<>();
        new StdinGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), sdk,
                new LineOutput(new ByteArrayOutputStream()), modern::add, () -> { }, 4096).run();
        assertEquals(List.of(1, 2), modern.stream().map(m -> m.path("id").asInt()).toList());
        assertEquals(List.of(3, 4), sdk.lines().stream().map(l -> {
            try {
                return JSON.readTree(l).path("id").asInt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList());
    }

    @Test
    void writersSharingStdoutNeverSplitEachOthersLines() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        LineOutput out = new LineOutput(stdout);
        int n = 2000;
        Thread sdkLike = new Thread(() -> {
            try (var w = out.writer()) {
                for (int i = 0; i < n; i++) {
                    // the SDK writes a message, then its newline, in two calls
                    w.write(("{\"sdk\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    w.write('\n');
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread guardLike = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                try {
                    out.writeLine(("{\"guard\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        sdkLike.start();
        guardLike.start();
        sdkLike.join();
        guardLike.join();
        List<JsonNode> lines = replies(stdout);
        assertEquals(2 * n, lines.size());
        assertEquals(n, lines.stream().filter(l -> l.has("sdk")).count());
    }
}
