package dev.bgagents.git;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The repository of a job's worktree, as the server opens it: never through what the agent
 * working there can rewrite.
 */
final class JobTreeRepository {
    private JobTreeRepository() {
    }

    /**
     * A job's worktree, opened from the main repository's own record of it ({@code
     * <common>/worktrees/<name>}, whose {@code gitdir} names the worktree) and never from the
     * {@code .git} file inside it: that file is the agent's to rewrite, and a repository it points
     * at would give the server the agent's config, filters and hooks. The work tree must still be
     * the directory the job was given, not a link the agent put in its place.
     */
    static Repository open(Workspace w) throws IOException {
        Path tree = w.path().toAbsolutePath().normalize();
        if (Files.isSymbolicLink(tree) || !tree.toRealPath().equals(tree.getParent().toRealPath()
                .resolve(tree.getFileName()))) {
            throw new IOException(tree + " is no longer the job's worktree directory (replaced by a link)");
        }
        Path common;
        try (Repository main = Worktrees.open(w.repo())) {
            common = main.getCommonDirectory().toPath().toRealPath();
        }
        Path admin = adminDirOf(common, tree.toRealPath());
        return new FileRepositoryBuilder().setFS(NoHooks.FS).setGitDir(admin.toFile())
                .setGitCommonDir(common.toFile()).setWorkTree(tree.toFile()).setMustExist(true).build();
    }

    /** The entry under {@code <common>/worktrees/} whose {@code gitdir} file names {@code tree}'s {@code .git}. */
    private static Path adminDirOf(Path common, Path tree) throws IOException {
        Path entries = common.resolve("worktrees");
        if (Files.isDirectory(entries)) {
            try (var list = Files.list(entries)) {
                for (Path entry : (Iterable<Path>) list::iterator) {
                    Path gitdir = entry.resolve("gitdir");
                    if (Files.isRegularFile(gitdir, LinkOption.NOFOLLOW_LINKS)) {
                        Path named = Path.of(Files.readString(gitdir).strip()).normalize();
                        if (named.equals(tree.resolve(".git")) || (named.getParent() != null
                                && Files.isDirectory(named.getParent())
                                && named.getParent().toRealPath().equals(tree))) {
                            return entry;
                        }
                    }
                }
            }
        }
        throw new IOException(tree + " is not a worktree of " + common.getParent() + " (git has no entry for it)");
    }
}
