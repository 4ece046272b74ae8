package dev.bgagents.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per repository, held across servers, around what touches its shared state: worktree
 * add, remove, prune and list, branch creation and merges into the user's branch. Git itself does
 * not serialize these: a {@code worktree prune} of one server deletes the half-made
 * {@code .git/worktrees/<id>} of another's {@code worktree add} ("failed to read commondir").
 * The file lock is released by the operating system when a server dies, so a crash never leaves
 * it held; inside one server a reentrant lock stands in front of it (a JVM cannot lock a file twice).
 */
final class RepoLock {
    /** The same repository, however it was named (main tree, a worktree, a subdirectory). */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final ThreadLocal<FileLock> HELD = new ThreadLocal<>();

    interface Work<T> {
        T run() throws GitException;
    }

    private RepoLock() {
    }

    static <T> T with(Path anyDirOfRepo, Work<T> work) throws GitException {
        Path common = commonDir(anyDirOfRepo);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(common, p -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return work.run();
            }
            try (FileChannel ch = FileChannel.open(common.resolve("bg-agents.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                HELD.set(lock);
                return work.run();
            } catch (IOException e) {
                throw new GitException("cannot lock " + common.resolve("bg-agents.lock") + ": " + e.getMessage());
            } finally {
                HELD.remove();
            }
        } finally {
            local.unlock();
        }
    }

    /** The repository's common git directory: {@code .git} of the main tree, whichever tree is named. */
    static Path commonDir(Path anyDirOfRepo) throws GitException {
        Path dir = anyDirOfRepo.toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path dotGit = d.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return real(dotGit);
            }
            if (Files.isRegularFile(dotGit)) {
                // a linked worktree: "gitdir: <common>/worktrees/<name>", whose commondir names the common dir
                try {
                    String line = Files.readString(dotGit).strip();
                    if (line.startsWith("gitdir: ")) {
                        Path gitdir = d.resolve(line.substring("gitdir: ".length())).normalize();
                        Path commondir = gitdir.resolve("commondir");
                        if (Files.isRegularFile(commondir)) {
                            return real(gitdir.resolve(Files.readString(commondir).strip()).normalize());
                        }
                        return real(gitdir);
                    }
                } catch (IOException e) {
                    throw new GitException("cannot read " + dotGit + ": " + e.getMessage());
                }
            }
        }
        throw new GitException(anyDirOfRepo + " is not in a git repository");
    }

    static Path commonDirOf(org.eclipse.jgit.lib.Repository repo) {
        return repo.getCommonDirectory().toPath();
    }

    private static Path real(Path p) throws GitException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new GitException("cannot resolve " + p + ": " + e.getMessage());
        }
    }
}
