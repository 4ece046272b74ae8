package dev.bgagents.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a project's job worktrees live: outside its checkout, so the person's own test runs,
 * linters, type checkers, indexers and file watchers never see the agents' copies — one folder
 * per project under the user's state directory (or under {@code worktrees_dir}), named after the
 * project with a short hash of its real path (two checkouts named alike stay apart), holding a
 * note of which checkout it belongs to.
 */
public record WorktreeHome(Path dir, Path project) {
    /** The note in the folder naming the checkout it belongs to, for a person and for gc. */
    public static final String NOTE = "bg-agents-project.txt";

    /** {@code configured}: the config's {@code worktrees_dir}, or null for the user's state directory. */
    public static WorktreeHome of(Path project, Path configured, UserDirs dirs) {
        Path real = real(project);
        Path base = configured != null ? configured : dirs.state().resolve("worktrees");
        String name = real.getFileName() == null ? "root" : real.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return new WorktreeHome(base.resolve(name + "-" + hash(real.toString())), real);
    }

    /** A job's worktree directory; the folder is made, with its note, the first time it is asked for. */
    public Path worktree(String jobId) throws IOException {
        Files.createDirectories(dir);
        Path note = dir.resolve(NOTE);
        if (!Files.exists(note)) {
            StateFiles.replace(note, ("The worktrees of bg-agents jobs of " + project + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return dir.resolve(jobId);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
