package dev.bgagents.jobs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A job record's lock across servers, held for the read-change-write of one update (milliseconds).
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
            while (true) {
                try {
                    return new RecordLock(ch, ch.lock());
                } catch (OverlappingFileLockException sameProcess) {
                    // another store in this JVM (tests run several) holds it: its update is short
                    Thread.onSpinWait();
                }
            }
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
