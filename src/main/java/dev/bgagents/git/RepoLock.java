package dev.bgagents.git;

import dev.bgagents.project.PolledLock;

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
 * <p>
 * The project's file locks, in the one order a thread may take them — one taken while another is
 * held always comes after it here, never before:
 * <ol>
 * <li>{@code .context/slots.lock} ({@code JobStore.withSlotLock}): deciding which queued jobs start.
 *     Held while a job starts, or ends because it cannot start — which may remove a worktree or
 *     create a branch (2) and writes records (3);</li>
 * <li>{@code .git/bg-agents.lock} (this): git's shared state. A merge records itself (3) under it;</li>
 * <li>{@code .context/jobs/<id>/job.lock} ({@code RecordLock}): one record's read-change-write; nothing
 *     is taken under it.</li>
 * </ol>
 * {@code owner.lock} ({@code Ownership}) is only ever tried, never waited for, and the user's list of
 * projects ({@code KnownProjects}) is taken under none and holds none. Every lock is waited for by
 * {@link PolledLock}: the kernel's own wait counts a server's threads as one, and refuses as a
 * deadlock what is only two threads of one server each holding one lock.
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
                    StandardOpenOption.WRITE); FileLock lock = PolledLock.take(ch)) {
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
