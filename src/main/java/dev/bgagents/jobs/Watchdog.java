package dev.bgagents.jobs;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * One pass over the running jobs, every few hundred milliseconds and whenever a child exits:
 * reads new output into each job's parser, keeps session id and last activity current in the
 * record, and decides endings — exited (with or without an exit record), over the wall-clock
 * limit, or silent past the stall limit. Ending a job is handed to {@code finisher}, so a slow
 * kill never holds up the next pass.
 */
final class Watchdog {
    /** Bytes of output parsed per job per pass, so one flooding job cannot starve the others. */
    static final long BYTES_PER_PASS = 4L * 1024 * 1024;
    private static final long PERSIST_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final JobStore store;
    private final BiConsumer<ActiveJob, ActiveJob.Ending> finisher;

    Watchdog(JobStore store, BiConsumer<ActiveJob, ActiveJob.Ending> finisher) {
        this.store = store;
        this.finisher = finisher;
    }

    void pass(Collection<ActiveJob> jobs) {
        Instant now = Instant.now();
        for (ActiveJob a : jobs) {
            if (a.ending.get() != null) {
                continue;
            }
            a.follower.poll(BYTES_PER_PASS);
            a.stderrFollower.poll(BYTES_PER_PASS);
            recordActivity(a);
            // liveness first: once the leader is gone its exit record is complete (or never coming)
            boolean alive = a.alive();
            boolean recorded = Files.exists(a.files.exit());
            if (!alive || recorded) {
                end(a, recorded || Files.exists(a.files.exit()) ? ActiveJob.Ending.NATURAL : ActiveJob.Ending.LOST);
                continue;
            }
            a.observeOutput(now);
            String fatal = a.follower.parser().fatal();
            if (fatal != null) {
                end(a, ActiveJob.Ending.terminate(JobStatus.FAILED, fatal));
            } else if (now.isAfter(a.startedAt.plus(a.wallLimit))) {
                end(a, ActiveJob.Ending.terminate(JobStatus.TIMED_OUT,
                        "hit the wall-clock limit of " + human(a.wallLimit)));
            } else if (now.isAfter(a.lastOutputAt.plus(a.stallLimit))) {
                end(a, ActiveJob.Ending.terminate(JobStatus.TIMED_OUT,
                        "stalled: no output for " + human(a.stallLimit)));
            }
        }
    }

    private void end(ActiveJob a, ActiveJob.Ending ending) {
        if (a.ending.compareAndSet(null, ending)) {
            finisher.accept(a, ending);
        }
    }

    private void recordActivity(ActiveJob a) {
        String session = a.follower.parser().sessionId();
        String activity = a.follower.parser().lastActivity();
        boolean newSession = session != null && !session.equals(a.persistedSession);
        boolean newActivity = activity != null && !activity.equals(a.persistedActivity);
        // the session id is written at once (a resume needs it); activity at most once a second
        if (newSession || (newActivity && System.nanoTime() - a.lastPersistNanos > PERSIST_EVERY_NANOS)) {
            store.updateState(a.id, s -> s.activity(session, activity));
            a.persistedSession = session;
            a.persistedActivity = activity;
            a.lastPersistNanos = System.nanoTime();
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        return (s % 60 == 0 ? Long.toString(s / 60) : String.format("%.1f", s / 60.0)) + " min";
    }
}
