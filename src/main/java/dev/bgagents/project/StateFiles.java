package dev.bgagents.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How state files are written: whole (temp file, fsync, atomic rename), so a crash at any
 * moment leaves the old content or the new, never half; JSON in one convention for job records
 * and plan status alike; and the tail of a growing output file read back.
 */
public final class StateFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private StateFiles() {
    }

    /** snake_case, ISO times, nulls left out, unknown fields ignored (records of older servers). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The last {@code bytes} of a file (an agent's output), or "" when there is none. */
    public static String tail(Path file, int bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - bytes);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Why nothing can be written in {@code dir} now — a read-only or full file system, in the
     * system's own words — or empty when a write there works. A real write is tried: permissions
     * alone do not tell (root ignores them; a full disk has them all).
     */
    public static java.util.Optional<String> whyUnwritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            try {
                Files.write(probe, new byte[4096]);
                FileChannel.open(probe, StandardOpenOption.WRITE).force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
            long free = Files.getFileStore(dir).getUsableSpace();
            return free < (1 << 20) ? java.util.Optional.of("disk full (" + free + " bytes free) in " + dir)
                    : java.util.Optional.empty();
        } catch (java.nio.file.FileSystemException e) {
            // the system's words first ("No space left on device", "Read-only file system"): they survive clipping
            return java.util.Optional.of((e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
                    + " in " + dir);
        } catch (IOException e) {
            return java.util.Optional.of(e.getMessage() + " in " + dir);
        }
    }

    /** Deletes a directory and everything under it (nothing when it is not there); links are removed, never followed. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes a file whole: temp, fsync, rename over the old one. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + "." + writer() + ".tmp");
        writeSynced(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Writes a file whole unless its name is taken: false then, and nothing is written. The content goes
     * to a hidden temp beside it and is linked into place: link(2), unlike a rename, fails on a taken
     * name, so of two writers of one file exactly one wins and the other's content never shows.
     */
    public static boolean createOnce(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + writer() + ".tmp");
        try {
            writeSynced(tmp, content);
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temp name's part of its own: another server (or thread) may be writing the same file. */
    private static String writer() {
        return ProcessHandle.current().pid() + "-" + Thread.currentThread().getId();
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
