package dev.bgagents.project;

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

    /**
     * The work-tree top containing {@code dir}, or empty outside a git repository (or in a bare
     * one). Found by walking up to the nearest {@code .git} — a directory, or the file a linked
     * worktree has — as git does, without loading JGit on the server's start path.
     */
    public static Optional<Path> gitTop(Path dir) {
        try {
            for (Path d = dir.toRealPath(); d != null; d = d.getParent()) {
                Path dotGit = d.resolve(".git");
                if (Files.isDirectory(dotGit) && Files.exists(dotGit.resolve("HEAD"))
                        || Files.isRegularFile(dotGit) && gitDirOf(dotGit).isPresent()) {
                    return Optional.of(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Where a {@code .git} file ("gitdir: …", in a linked worktree) points. */
    private static Optional<Path> gitDirOf(Path dotGitFile) throws IOException {
        String text = Files.readString(dotGitFile, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("gitdir:")) {
            return Optional.empty();
        }
        Path target = dotGitFile.getParent().resolve(text.substring("gitdir:".length()).strip()).normalize();
        return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
    }

    /** The repository's common git directory (a linked worktree's is its main repository's). */
    private static Optional<Path> commonDir(Path top) throws IOException {
        Path dotGit = top.resolve(".git");
        Optional<Path> gitDir = Files.isDirectory(dotGit) ? Optional.of(dotGit) : gitDirOf(dotGit);
        if (gitDir.isEmpty()) {
            return Optional.empty();
        }
        Path pointer = gitDir.get().resolve("commondir");
        return Optional.of(Files.isRegularFile(pointer)
                ? gitDir.get().resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip()).normalize()
                : gitDir.get());
    }

    /** Where a command starts: the current directory, or the project BG_AGENTS_PROJECT names. */
    public static Path startDir() {
        // hosts start MCP servers in the project; BG_AGENTS_PROJECT names another one
        String env = System.getenv("BG_AGENTS_PROJECT");
        return env == null || env.isBlank() ? Path.of("").toAbsolutePath() : Path.of(env).toAbsolutePath();
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
        Optional<Path> top = gitTop(projectRoot);
        Optional<Path> common = top.isPresent() ? commonDir(top.get()) : Optional.empty();
        if (common.isEmpty()) {
            return;
        }
        Path exclude = common.get().resolve("info").resolve("exclude");
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
