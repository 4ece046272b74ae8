package dev.bgagents.orchestration.notify;

import dev.bgagents.project.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The events of a project on disk, {@code .context/notify/}: each event a file written once
 * ({@code <id>.json}; a second write of the same id is refused, so an end seen twice is told once),
 * and beside it one marker per sink once that sink is done with it ({@code <id>.<sink>}: delivered,
 * or given up and why). What has no marker yet is delivered by the next server to start. A server
 * delivering an event holds the OS lock on its {@code <id>.lock}: a twin (or a restarted server
 * while the old one still retries) leaves it alone. A delivery cut off between the receiver's
 * answer and its marker is sent again: at least once, never lost, twice only in that moment.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Events older than this are no longer delivered at start, and go with their markers. */
    static final Duration KEEP = Duration.ofDays(7);

    private final Path dir;
    private final Map<String, Optional<FileChannel>> claimed = new ConcurrentHashMap<>();

    Outbox(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path eventFile(String id) {
        return dir.resolve(id + ".json");
    }

    /** Records {@code e}; false when an event of its id is already on record (nothing is written then). */
    boolean add(NotifyEvent e) throws IOException {
        Files.createDirectories(dir);
        Path target = eventFile(e.id());
        // of two writers of one id, one wins
        return !Files.exists(target) && StateFiles.createOnce(target, e.json().getBytes(StandardCharsets.UTF_8));
    }

    boolean done(String id, String sink) {
        return Files.exists(dir.resolve(id + "." + sink));
    }

    /** The sink is done with the event: {@code how} says delivered, or why it gave up. */
    void markDone(String id, String sink, String how) {
        try {
            Files.writeString(dir.resolve(id + "." + sink), how + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("notify: cannot mark {} done for {}: {} (it may be sent again after a restart)", id, sink, e.toString());
        }
    }

    /**
     * Takes the event for this server while it delivers it: false when another server (or this
     * one) already has it.
     */
    synchronized boolean claim(String id) {
        if (claimed.containsKey(id)) {
            return false;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(id + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return false;
            }
            claimed.put(id, Optional.of(ch));
            return true;
        } catch (OverlappingFileLockException heldHere) {
            // another outbox of this same process holds it (the JVM refuses a second lock rather than wait)
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
            return false;
        } catch (IOException e) {
            // a file system without locks: deliver rather than never
            LOG.debug("notify: cannot lock {}: {}", id, e.toString());
            claimed.put(id, Optional.ofNullable(ch));
            return true;
        }
    }

    /** Gives back every event still held: this outbox's server is closing (an attempt may hang on yet). */
    synchronized void releaseAll() {
        List.copyOf(claimed.keySet()).forEach(this::release);
    }

    /** Gives the event back once every sink is done with it. */
    synchronized void release(String id) {
        Optional<FileChannel> ch = claimed.remove(id);
        try {
            // the file stays: deleting it would let a twin lock a name no longer on disk
            if (ch != null && ch.isPresent()) {
                ch.get().close();
            }
        } catch (IOException e) {
            LOG.debug("notify: cannot release {}: {}", id, e.toString());
        }
    }

    /** Events some sink is not done with, oldest first; those past {@link #KEEP} are removed instead. */
    List<NotifyEvent> undelivered(List<String> sinks, Instant now) {
        List<NotifyEvent> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    NotifyEvent e = NotifyEvent.parse(Files.readString(f));
                    if (e.time().isBefore(now.minus(KEEP))) {
                        forget(id);
                    } else if (sinks.stream().anyMatch(s -> !done(id, s))) {
                        out.add(e);
                    }
                } catch (IOException | RuntimeException unreadable) {
                    LOG.warn("notify: {} unreadable, skipped: {}", f, unreadable.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("notify: cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    private void forget(String id) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(id + ".")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
