package dev.bgagents.project;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An exclusive lock on a file, shared across servers, waited for by trying again rather than
 * in the kernel. Linux checks a blocking fcntl lock for deadlock by process, counting all of a
 * process's threads as one owner: one server's thread waiting for the repository's lock while
 * another of its threads held the slots lock, and another server doing the opposite, was refused
 * with EDEADLK ("Resource deadlock avoided") though neither thread waited for the other — 1 to 2
 * of 51 worktree jobs on three servers failed so. A lock only tried for is never refused so.
 */
public final class PolledLock {
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

    private PolledLock() {
    }

    /**
     * The lock of {@code ch}'s whole file, once no other process (nor another channel of this
     * one) holds it. The caller keeps its own order of locks: one taken while another is held
     * must always be taken in that order, or two servers can each wait for the other for ever.
     */
    public static FileLock take(FileChannel ch) throws IOException {
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            try {
                FileLock lock = ch.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException sameProcess) {
                // another channel of this JVM holds it (several stores in one process): wait likewise
            }
            // a random share of the pause, so waiters on one lock do not try again in step
            LockSupport.parkNanos(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new FileLockInterruptionException();
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }
}
