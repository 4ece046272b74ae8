package dev.bgagents.orchestration.checks;

import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How each check went on each base commit, kept in the project's state ({@code
 * .context/base-checks/}): one small file per commit, command and dependency folders lent, written
 * whole, so every job and plan task on that base asks it once, and a later server too. Only a run that passed or failed is
 * kept; one that could not run says nothing of the base and is tried again.
 */
final class BaseVerdicts {
    /**
     * One check on one base commit.
     *
     * @param borrowed the job's dependency folders the base's checkout was lent (paths from its top)
     * @param outcome  {@code passed} or {@code failed}
     * @param exitCode its exit status there
     */
    record Entry(String commit, List<String> command, List<String> borrowed, String outcome, Integer exitCode,
                 Instant checkedAt) {
        Entry {
            borrowed = borrowed == null ? List.of() : List.copyOf(borrowed);
        }
    }

    private final Path dir;

    BaseVerdicts(Path dir) {
        this.dir = dir;
    }

    /** How {@code command} went on {@code commit} lent {@code borrowed}, if it was run so; an unreadable file is none. */
    Optional<Entry> get(String commit, List<String> command, List<String> borrowed) {
        Path f = file(commit, command, borrowed);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Entry e = StateFiles.json().readValue(f.toFile(), Entry.class);
            return commit.equals(e.commit()) && command.equals(e.command()) && borrowed.equals(e.borrowed())
                    ? Optional.of(e) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void put(Entry e) throws IOException {
        Files.createDirectories(dir);
        StateFiles.replace(file(e.commit(), e.command(), e.borrowed()), StateFiles.json().writeValueAsBytes(e));
    }

    /**
     * {@code <commit>-<hash>.json}, the hash of the command's words and the folders lent, joined by
     * NUL (and the two lists by two), so no two questions share one.
     */
    private Path file(String commit, List<String> command, List<String> borrowed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((String.join("\0", command) + "\0\0"
                    + String.join("\0", borrowed)).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(commit + "-" + HexFormat.of().formatHex(d, 0, 6) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
