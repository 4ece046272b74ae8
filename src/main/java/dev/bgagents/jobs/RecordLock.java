package dev.bgagents.jobs;

import dev.bgagents.project.PolledLock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A job record's lock across servers, held for the read-change-write of one update (milliseconds);
 * also the project's slots lock ({@code JobStore.withSlotLock}); their order is on {@code RepoLock}.
 * Where it cannot be taken (a read-only or lock-less file system) the update goes ahead unlocked:
 * its write fails there anyway, or no other server can share the project.
 */
final class RecordLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RecordLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RecordLock take(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new RecordLock(ch, PolledLock.take(ch));
        } catch (IOException e) {
            closeQuietly(ch);
            return new RecordLock(null, null);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing held any more
            }
        }
    }
}
