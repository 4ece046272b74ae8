package dev.bgagents.runners.kubernetes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pod's merged log split back into the job's stdout and stderr files. The entry script tags every
 * line ("o " stdout, "e " stderr) because the log API merges the streams; a line without a tag (the
 * container runtime's own, before the script ran) counts as stderr — and, having no tag, throws the count
 * below off by two bytes, which matters only if the server restarts after one. The log is read whole each time,
 * so what was already written is skipped: that count comes from the files themselves (each line there
 * is its log line less its two-byte tag), so a server that re-attaches after a restart — with nothing
 * in memory — writes no line twice. Only whole lines are taken until the container has ended.
 */
final class PodLog {
    private final Path stdout;
    private final Path stderr;
    private long consumed;

    PodLog(Path stdout, Path stderr) throws IOException {
        this.stdout = stdout;
        this.stderr = stderr;
        this.consumed = written(stdout) + written(stderr);
    }

    /** Bytes of the merged log already in the files. */
    long consumed() {
        return consumed;
    }

    /** Takes the log as the API gives it now; {@code last}: the container ended, a cut last line counts too. */
    void take(String log, boolean last) throws IOException {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int end = bytes.length;
        if (!last) {
            while (end > consumed && bytes[end - 1] != '\n') {
                end--;
            }
        }
        if (end <= consumed) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(stdout, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             OutputStream err = Files.newOutputStream(stderr, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            int from = (int) consumed;
            while (from < end) {
                int nl = from;
                while (nl < end && bytes[nl] != '\n') {
                    nl++;
                }
                int lineEnd = Math.min(nl + 1, end);
                boolean tagged = lineEnd - from >= 2 && bytes[from + 1] == ' '
                        && (bytes[from] == 'o' || bytes[from] == 'e');
                if (tagged) {
                    (bytes[from] == 'o' ? out : err).write(bytes, from + 2, lineEnd - from - 2);
                } else {
                    err.write(bytes, from, lineEnd - from);
                }
                from = lineEnd;
            }
        }
        consumed = end;
    }

    /** What a file holds, counted as log bytes: its bytes and two tag bytes per line. */
    private static long written(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] all = Files.readAllBytes(file);
        long lines = 0;
        for (byte b : all) {
            if (b == '\n') {
                lines++;
            }
        }
        return all.length + 2 * lines;
    }
}
