package dev.bgagents.project;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a project's state lives: the top of its git work tree (or the directory itself outside
 * git), with {@code .context/} beside the code and kept out of git through
 * {@code .git/info/exclude} — never through the user's {@code .gitignore}.
 */
public final class ProjectDir {

    private ProjectDir() {
    }

    /** The work-tree top containing {@code dir}, or empty outside a git repository. */
    public static Optional<Path> gitTop(Path dir) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (b.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = b.build()) {
            return repo.isBare() ? Optional.empty() : Optional.of(repo.getWorkTree().toPath().toRealPath());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The project root for a directory: its git top, or itself. */
    public static Path root(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return gitTop(real).orElse(real);
    }

    /**
     * Adds {@code .context/} to the repository's info/exclude once. Linked worktrees share the
     * common git directory's exclude file, so that is the one written.
     */
    public static void excludeState(Path projectRoot) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(projectRoot.toFile());
        if (b.getGitDir() == null) {
            return;
        }
        try (Repository repo = b.build()) {
            Path exclude = repo.getCommonDirectory().toPath().resolve("info").resolve("exclude");
            String line = "/" + StateLayout.DIR + "/";
            String current = Files.exists(exclude) ? Files.readString(exclude, StandardCharsets.UTF_8) : "";
            if (current.lines().anyMatch(l -> l.strip().equals(line) || l.strip().equals(StateLayout.DIR + "/")
                    || l.strip().equals(StateLayout.DIR))) {
                return;
            }
            Files.createDirectories(exclude.getParent());
            String add = (current.isEmpty() || current.endsWith("\n") ? "" : "\n")
                    + "# bg-agents state (jobs, worktrees, plans)\n" + line + "\n";
            Files.writeString(exclude, current + add, StandardCharsets.UTF_8);
        }
    }
}
