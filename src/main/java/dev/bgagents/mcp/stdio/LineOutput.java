package dev.bgagents.mcp.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The server's stdout, a whole line at a time. Several writers share it — the SDK's transport,
 * the stdin guard's error answers — and a client reads it line by line, so a line must never
 * be split by another writer's bytes.
 */
public final class LineOutput {
    private final OutputStream out;

    public LineOutput(OutputStream out) {
        this.out = out;
    }

    /** Writes one message and its newline, and flushes, as one unit. */
    public synchronized void writeLine(byte[] message) throws IOException {
        out.write(message);
        out.write('\n');
        out.flush();
    }

    /**
     * A stream for one writer that writes its bytes in pieces (the SDK writes a message and
     * then its newline): they are held until the newline and then written as one line.
     */
    public OutputStream writer() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                if (b == '\n') {
                    writeLine(pending.toByteArray());
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        pending.write(b, start, i - start);
                        writeLine(pending.toByteArray());
                        pending.reset();
                        start = i + 1;
                    }
                }
                pending.write(b, start, off + len - start);
            }
        };
    }
}
