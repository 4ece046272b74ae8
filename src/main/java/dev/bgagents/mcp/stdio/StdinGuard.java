package dev.bgagents.mcp.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Stands between the client's stdin and the servers behind it. Each line is checked
 * ({@link InboundCheck}): the SDK's stdio transport ends the whole MCP session on the first line
 * it cannot read, so only well-formed JSON-RPC gets through; the rest is answered with a
 * JSON-RPC error, or skipped when blank, and the session goes on. A line longer than
 * {@link #MAX_LINE_BYTES} is never held whole: it is discarded as it arrives and answered once
 * it ends. A message of the stateless protocol (2026-07-28: {@code server/discover}, or a request
 * whose {@code _meta} names its protocol version) goes to {@code modern}; everything else — the
 * {@code initialize} handshake and what follows it — to the SDK, which sees the end of stdin when
 * the client closes it.
 */
public final class StdinGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StdinGuard.class);
    /** The SDK's own cap on a message; a 4 MB prompt JSON-escaped stays well under it. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** The start of an oversized line is kept to find its id in. */
    private static final int HEAD_BYTES = 1024;
    /** The {@code _meta} key of the stateless protocol's per-request version. */
    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";

    private final InputStream in;
    private final WritableByteChannel sdk;
    private final LineOutput out;
    private final Consumer<JsonNode> modern;
    private final Runnable atEnd;
    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean oversized;
    /** The SDK answers nothing before the handshake: such a request is answered here instead. */
    private boolean legacyStarted;

    StdinGuard(InputStream in, WritableByteChannel sdk, LineOutput out, Consumer<JsonNode> modern, Runnable atEnd,
               int maxLine) {
        this.in = in;
        this.sdk = sdk;
        this.out = out;
        this.modern = modern;
        this.atEnd = atEnd;
        this.maxLine = maxLine;
    }

    /**
     * Reads {@code in} on a thread of its own; returns what the SDK's transport should read
     * instead. {@code modern} takes the messages of the stateless protocol, parsed; {@code atEnd}
     * runs once the client has closed stdin (it has gone).
     */
    public static InputStream guard(InputStream in, LineOutput out, Consumer<JsonNode> modern, Runnable atEnd)
            throws IOException {
        Pipe pipe = Pipe.open();
        StdinGuard guard = new StdinGuard(in, pipe.sink(), out, modern, atEnd, MAX_LINE_BYTES);
        Thread t = new Thread(guard::run, "bg-stdin");
        t.setDaemon(true);
        t.start();
        return Channels.newInputStream(pipe.source());
    }

    /** Until the client closes stdin (or it fails): then the SDK is told the same. */
    void run() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        append(buf, start, i - start);
                        endOfLine();
                        start = i + 1;
                    }
                }
                append(buf, start, n - start);
            }
            if (line.size() > 0 || oversized) {
                endOfLine();
            }
        } catch (IOException e) {
            LOG.warn("reading stdin failed: {}", e.toString());
        } finally {
            try {
                sdk.close();
            } catch (IOException ignored) {
                // the SDK is closing anyway
            }
            atEnd.run();
        }
    }

    private void append(byte[] b, int from, int len) {
        if (len == 0) {
            return;
        }
        if (oversized) {
            return;
        }
        if (line.size() + len > maxLine) {
            oversized = true;
            byte[] sofar = line.toByteArray();
            head.write(sofar, 0, Math.min(sofar.length, HEAD_BYTES));
            if (head.size() < HEAD_BYTES) {
                head.write(b, from, Math.min(len, HEAD_BYTES - head.size()));
            }
            line.reset();
            return;
        }
        line.write(b, from, len);
    }

    private void endOfLine() throws IOException {
        if (oversized) {
            LOG.warn("stdin: a message longer than {} bytes was discarded", maxLine);
            answer(InboundCheck.oversized(head.toByteArray(), maxLine));
            oversized = false;
            head.reset();
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            byte[] cut = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, cut, 0, cut.length);
            bytes = cut;
        }
        InboundCheck.Verdict v = InboundCheck.check(bytes);
        switch (v.kind()) {
            case PASS -> {
                JsonNode m = v.message();
                if (isModern(m)) {
                    modern.accept(m);
                } else if (!legacyStarted && m.has("method") && m.has("id")
                        && !"initialize".equals(m.path("method").asText()) && !"ping".equals(m.path("method").asText())) {
                    answer(InboundCheck.beforeHandshake(m));
                } else {
                    legacyStarted |= "initialize".equals(m.path("method").asText());
                    forward(v.line());
                }
            }
            case REPLY -> {
                LOG.warn("stdin: refused a line ({} bytes): {}", bytes.length, v.reply());
                answer(v.reply());
            }
            case SKIP -> {
                if (bytes.length > 0) {
                    LOG.debug("stdin: skipped a line ({} bytes)", bytes.length);
                }
            }
        }
    }

    /** The stateless protocol's probe, or a message carrying its per-request protocol version. */
    static boolean isModern(JsonNode message) {
        return "server/discover".equals(message.path("method").asText())
                || message.path("params").path("_meta").has(PROTOCOL_VERSION);
    }

    private void forward(byte[] message) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(message.length + 1).put(message).put((byte) '\n');
        b.flip();
        while (b.hasRemaining()) {
            sdk.write(b);
        }
    }

    private void answer(String reply) {
        try {
            out.writeLine(reply.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot answer on stdout: {}", e.toString());
        }
    }
}
