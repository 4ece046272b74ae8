package dev.bgagents.jobs;

import dev.bgagents.project.JobDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A job whose process this server watches: identity, output position, limits, and how it ends. */
final class ActiveJob {

    /** How a job came to an end; the first one set wins and its setter finishes the job. */
    record Ending(Kind kind, JobStatus status, String reason) {
        enum Kind { NATURAL, LOST, TERMINATE }

        static final Ending NATURAL = new Ending(Kind.NATURAL, null, null);
        static final Ending LOST = new Ending(Kind.LOST, JobStatus.LOST, null);

        static Ending terminate(JobStatus status, String reason) {
            return new Ending(Kind.TERMINATE, status, reason);
        }
    }

    final String id;
    final long pid;
    final long startTicks;
    /** Null when re-attached after a restart: then /proc is the only witness. */
    final Process process;
    final JobDir files;
    final OutputFollower follower;
    final OutputFollower stderrFollower;
    final Instant startedAt;
    final Duration wallLimit;
    final Duration stallLimit;
    final AtomicReference<Ending> ending = new AtomicReference<>();

    private long outputSize = -1;
    Instant lastOutputAt;
    String persistedSession;
    String persistedActivity;
    long lastPersistNanos;

    ActiveJob(Job job, Process process, JobDir files, OutputFollower follower) {
        this.id = job.id();
        this.pid = job.state().pid();
        this.startTicks = job.state().pidStartTicks();
        this.process = process;
        this.files = files;
        this.follower = follower;
        this.stderrFollower = OutputFollower.stderr(files.stderr(), follower.parser());
        this.startedAt = job.state().startedAt();
        this.wallLimit = minutes(job.spec().timeoutMinutes());
        this.stallLimit = minutes(job.spec().stallMinutes());
        this.lastOutputAt = latest(startedAt, files.stdout(), files.stderr());
        this.persistedSession = job.state().sessionId();
        this.persistedActivity = job.state().lastActivity();
    }

    boolean alive() {
        return process != null ? process.isAlive() : ProcessTable.isAlive(pid, startTicks);
    }

    /** Notes output growth on stdout or stderr; either counts as a sign of life. */
    void observeOutput(Instant now) {
        long size = size(files.stdout()) + size(files.stderr());
        if (size != outputSize) {
            if (outputSize >= 0) {
                lastOutputAt = now;
            }
            outputSize = size;
        }
    }

    static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception missing) {
            return 0;
        }
    }

    private static Instant latest(Instant start, Path... files) {
        Instant t = start;
        for (Path p : files) {
            try {
                Instant m = Files.getLastModifiedTime(p).toInstant();
                if (m.isAfter(t)) {
                    t = m;
                }
            } catch (Exception missing) {
                // no output yet
            }
        }
        return t;
    }
}
