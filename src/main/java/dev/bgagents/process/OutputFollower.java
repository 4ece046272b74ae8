package dev.bgagents.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows one of a job's output files from where it last stopped and hands complete lines to
 * the CLI's parser. A line longer than {@link #MAX_LINE} is dropped rather than held in memory.
 */
public final class OutputFollower {
    static final int MAX_LINE = 16 * 1024 * 1024;
    private static final int CHUNK = 256 * 1024;

    private final Path file;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean overflowing;
    private long offset;

    public OutputFollower(Path file, Consumer<String> lines) {
        this(file, lines, 0);
    }

    /** Follows from {@code offset}: where the current round of a job that ran again starts. */
    public OutputFollower(Path file, Consumer<String> lines, long offset) {
        this.file = file;
        this.lines = lines;
        this.offset = offset;
    }

    /** Reads at most {@code maxBytes} new bytes; returns how many were read. */
    public long poll(long maxBytes) {
        if (!Files.exists(file)) {
            return 0;
        }
        long read = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (read < maxBytes) {
                buf.clear();
                int n = ch.read(buf, offset);
                if (n <= 0) {
                    break;
                }
                offset += n;
                read += n;
                consume(buf.array(), n);
            }
        } catch (IOException e) {
            return read;
        }
        return read;
    }

    /** Reads to the end of the file and flushes a last line without a newline. */
    public void drain() {
        while (poll(Long.MAX_VALUE) > 0) {
            // keep reading until nothing is left
        }
        if (partial.size() > 0 && !overflowing) {
            emit();
        }
        partial.reset();
    }

    private void consume(byte[] bytes, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                if (!overflowing) {
                    emit();
                }
                partial.reset();
                overflowing = false;
                start = i + 1;
            }
        }
        append(bytes, start, n - start);
    }

    private void append(byte[] bytes, int from, int len) {
        if (overflowing || len == 0) {
            return;
        }
        if (partial.size() + len > MAX_LINE) {
            overflowing = true;
            partial.reset();
            return;
        }
        partial.write(bytes, from, len);
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        lines.accept(line);
    }
}
