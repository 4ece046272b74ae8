package dev.bgagents.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal of settled jobs, {@code .context/settled-jobs.tsv}: one line ({@code id}, its end in
 * milliseconds since the epoch — parsed 10,000 times at a start, where an ISO time costs 10 µs each)
 * per job that has nothing left to do — ended, its summary read, its worktree gone (or never
 * made). Such a record never changes again, so a server need not read it to start: with months
 * of jobs on disk, start reads this one file instead of every record. The records stay the
 * truth: a line only says a record may be left unread until someone asks for it.
 *
 * <p>Append-only, one {@code write} per batch of lines (O_APPEND), so servers sharing the
 * project add to it without a lock; a torn or foreign line is skipped, a duplicate is harmless.
 */
final class SettledJobs {
    private static final Logger LOG = LoggerFactory.getLogger(SettledJobs.class);

    /**
     * How long a settled job stays read in: longer than any default listing looks back (the
     * people's 24 hours), so only a lookup by id or everything() reads older ones.
     */
    static final java.time.Duration READ_FOR = java.time.Duration.ofHours(25);

    private final Path file;
    private final Map<String, Instant> endedAt = new HashMap<>();
    private long readUpTo;

    SettledJobs(Path file) {
        this.file = file;
    }

    /** Jobs that settled before this are left unread at start. */
    static Instant cutoff() {
        return Instant.now().minus(READ_FOR);
    }

    /** Whether nothing will change this job's record again. */
    static boolean settled(Job j) {
        return j.status().isTerminal() && j.state().summaryRead() && j.state().endedAt() != null
                && (j.workspace() == null || j.workspace().removed());
    }

    /** The settled jobs that ended before {@code cutoff}, the journal re-read from where the last look stopped. */
    synchronized Map<String, Instant> endedBefore(Instant cutoff) {
        readNew();
        Map<String, Instant> out = new HashMap<>();
        endedAt.forEach((id, at) -> {
            if (at.isBefore(cutoff)) {
                out.put(id, at);
            }
        });
        return out;
    }

    /** Whether this job settled, having ended before {@code cutoff}. */
    synchronized boolean endedBefore(String id, Instant cutoff) {
        readNew();
        Instant at = endedAt.get(id);
        return at != null && at.isBefore(cutoff);
    }

    /** Adds the jobs to the journal; a journal that cannot be written only costs the next start time. */
    synchronized void add(List<Job> jobs) {
        StringBuilder lines = new StringBuilder();
        for (Job j : jobs) {
            if (settled(j) && !endedAt.containsKey(j.id())) {
                lines.append(j.id()).append('\t').append(j.state().endedAt().toEpochMilli()).append('\n');
            }
        }
        if (lines.isEmpty() || !Files.isDirectory(file.getParent())) {
            return;
        }
        try {
            if (endsTorn()) {
                lines.insert(0, '\n'); // a writer died mid-line: ours starts on a line of its own
            }
            Files.write(file, lines.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            jobs.forEach(j -> {
                if (settled(j)) {
                    endedAt.putIfAbsent(j.id(), j.state().endedAt());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot add to {}: {}", file, e.toString());
        }
    }

    private boolean endsTorn() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() == 0) {
                return false;
            }
            f.seek(f.length() - 1);
            return f.read() != '\n';
        } catch (java.io.FileNotFoundException e) {
            return false;
        }
    }

    /** Reads the lines appended since the last look; a partial last line waits for the next one. */
    private void readNew() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length < readUpTo) {
                readUpTo = 0; // replaced by a shorter one: read it again
                endedAt.clear();
            }
            if (length == readUpTo) {
                return;
            }
            byte[] b = new byte[(int) (length - readUpTo)];
            f.seek(readUpTo);
            f.readFully(b);
            int lineStart = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n') {
                    parse(new String(b, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    lineStart = i + 1;
                }
            }
            readUpTo += lineStart;
        } catch (java.io.FileNotFoundException e) {
            // no job has settled yet
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
    }

    private void parse(String line) {
        int tab = line.indexOf('\t');
        if (tab < 0 || !JobStore.ID.matcher(line.substring(0, tab)).matches()) {
            return;
        }
        try {
            endedAt.put(line.substring(0, tab), Instant.ofEpochMilli(Long.parseLong(line.substring(tab + 1))));
        } catch (NumberFormatException e) {
            // a torn line: that record is read, as if it had no line
        }
    }
}
