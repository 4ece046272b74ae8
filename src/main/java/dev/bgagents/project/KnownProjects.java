package dev.bgagents.project;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The projects this user has run jobs in, so a person can list every agent on the machine
 * from anywhere ({@code jobs --all-projects}, the dashboard). One path per line in
 * {@code projects} in the user's state directory ({@link UserDirs#state()}); a project is
 * added when its first job is made, and one whose jobs are gone is skipped when read.
 */
public final class KnownProjects {
    /** Projects this process has already put on a list (file + project): a spawn costs no I/O for it again. */
    private static final Set<String> REMEMBERED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Path file;

    public KnownProjects(Path file) {
        this.file = file;
    }

    /** The user's list, where the environment and the platform say state goes. */
    public static KnownProjects ofUser() {
        return new KnownProjects(UserDirs.ofThisSystem().state().resolve("projects"));
    }

    public Path file() {
        return file;
    }

    /** Adds the project once; a list that cannot be written only costs the cross-project view. */
    public void remember(Path project) {
        String line = project.toAbsolutePath().normalize().toString();
        if (line.contains("\n") || REMEMBERED.contains(file + "\n" + line)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = PolledLock.take(ch)) {
                if (!read(ch).contains(line)) {
                    ch.position(ch.size());
                    ch.write(StandardCharsets.UTF_8.encode(line + "\n"));
                }
            }
            REMEMBERED.add(file + "\n" + line);
        } catch (IOException | RuntimeException e) {
            // the list is a convenience for people; no job fails for it
        }
    }

    /** The projects that still have a job directory, in the order they were first used. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (String line : read(ch)) {
                Path p = Path.of(line);
                if (Files.isDirectory(new StateLayout(p).jobs())) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException none) {
            return out;
        }
        return out;
    }

    private static Set<String> read(FileChannel ch) throws IOException {
        ch.position(0);
        byte[] all = new byte[(int) Math.min(ch.size(), 4 << 20)];
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(all);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // read the whole list
        }
        Set<String> lines = new LinkedHashSet<>();
        for (String l : new String(all, 0, buf.position(), StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(l.strip());
            }
        }
        return lines;
    }
}
