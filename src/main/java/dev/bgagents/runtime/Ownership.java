package dev.bgagents.runtime;

import dev.bgagents.project.JobDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which server runs a job, when two serve the same project (two host sessions in one
 * repository): the one holding the OS lock on the job's {@code owner.lock}. Only the owner
 * launches, watches, cancels and finishes the job, so no job runs twice and no end is recorded
 * twice. The kernel drops the lock when its process dies — even by kill -9 — and another server
 * then takes the job over as a restarted one would.
 */
final class Ownership implements Owners {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    // the channel holds the lock; empty where the file system has no locks
    private final Map<String, Optional<FileChannel>> held = new ConcurrentHashMap<>();
    private volatile boolean warned;

    /** True when this server now owns the job (or already did); false when a live server does. */
    // synchronized: a second channel on a locked file must never be opened, as closing it would
    // drop this process's lock (POSIX locks belong to the process, not the descriptor)
    @Override
    public synchronized boolean acquire(String id, JobDir jobDir) {
        if (held.containsKey(id)) {
            return true;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(jobDir.ownerLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return false;
            }
            held.put(id, Optional.of(lock.channel()));
            return true;
        } catch (OverlappingFileLockException e) {
            // unreachable while acquire is the only way in; the channel stays open for the reason above
            held.put(id, Optional.ofNullable(ch));
            return true;
        } catch (IOException e) {
            close(ch);
            // a file system without locks: behave as a lone server rather than run nothing
            if (!warned) {
                warned = true;
                LOG.warn("cannot lock {}: {}; assuming no other bg-agents server shares this project", jobDir.dir(),
                        e.toString());
            }
            held.put(id, Optional.empty());
            return true;
        }
    }

    @Override
    public boolean owns(String id) {
        return held.containsKey(id);
    }

    /** Gives a job up once its end is on record. */
    @Override
    public synchronized void release(String id) {
        Optional<FileChannel> ch = held.remove(id);
        if (ch != null) {
            ch.ifPresent(Ownership::close);
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }
}
