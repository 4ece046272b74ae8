package dev.bgagents.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Copies claude's stdout to the job's log byte for byte as it comes, and hands each line to the relay — only
 * its first {@link #KEPT} bytes, so a line of many megabytes (a file's content in a tool call) costs the relay
 * no more than that: its heap is small on purpose.
 */
final class LineTap {
    static final int KEPT = 1 << 20;

    /** One line as the relay sees it; {@code cut} when longer than {@link #KEPT} and so not all there. */
    record Line(String text, boolean cut) {
    }

    private LineTap() {
    }

    static void copy(InputStream from, OutputStream to, Consumer<Line> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        boolean cut = false;
        byte[] buf = new byte[65536];
        for (int n; (n = from.read(buf)) > 0; ) {
            // out before the relay acts on it: the log shows a request before its answer
            to.write(buf, 0, n);
            to.flush();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    cut |= keep(line, buf, start, i - start);
                    lines.accept(new Line(line.toString(StandardCharsets.UTF_8), cut));
                    line.reset();
                    cut = false;
                    start = i + 1;
                }
            }
            cut |= keep(line, buf, start, n - start);
        }
        if (line.size() > 0) {
            lines.accept(new Line(line.toString(StandardCharsets.UTF_8), cut));
        }
    }

    /** Keeps what fits; whether something did not. */
    private static boolean keep(ByteArrayOutputStream line, byte[] buf, int from, int len) {
        int room = Math.max(0, KEPT - line.size());
        line.write(buf, from, Math.min(room, len));
        return len > room;
    }
}
