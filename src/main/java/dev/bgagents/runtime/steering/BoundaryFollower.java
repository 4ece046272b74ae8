package dev.bgagents.runtime.steering;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a job's stdout from where it stood when a message was seen, for a turn boundary: one that came
 * before the message does not count (the agent may be well into its next call by then). Its own reader,
 * not the job's parser's, so a message costs nothing to the jobs that have none.
 */
final class BoundaryFollower {
    /** Bytes read a pass, so a flooding agent cannot hold up the ticker. */
    static final int MAX_PER_PASS = 4 * 1024 * 1024;

    private final Path file;
    private final TurnBoundary boundary;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    private boolean reached;

    BoundaryFollower(Path file, TurnBoundary boundary) {
        this.file = file;
        this.boundary = boundary;
        this.offset = size(file);
    }

    boolean known() {
        return boundary.known();
    }

    /** Whether a boundary line came since the message was seen, reading what was written meanwhile. */
    boolean reached() {
        if (reached || !boundary.known()) {
            return reached;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = Math.min(in.length(), offset + MAX_PER_PASS);
            if (end <= offset) {
                return false;
            }
            byte[] buf = new byte[(int) (end - offset)];
            in.seek(offset);
            in.readFully(buf);
            offset = end;
            // a line cut inside a UTF-8 sequence is rare and only a boundary matters: JSON marks are ASCII
            partial.append(new String(buf, StandardCharsets.UTF_8));
        } catch (IOException gone) {
            return false;
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (boundary.isBoundary(line.strip())) {
                reached = true;
                partial.setLength(0);
                break;
            }
        }
        return reached;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException none) {
            return 0;
        }
    }
}
