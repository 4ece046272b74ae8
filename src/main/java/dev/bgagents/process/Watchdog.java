package dev.bgagents.process;

import dev.bgagents.jobs.JobStatus;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * One pass over the running jobs, every few hundred milliseconds and whenever a child exits:
 * reads new output into each job's parser, reports session id and last activity as they
 * change, and decides endings — exited (with or without an exit record), over the wall-clock
 * limit, silent past the stall limit, over its budget (the usage its stream has shown so far), or
 * a sign in its output that it will never recover.
 * Ending a job is handed to the listener, so a slow kill never holds up the next pass.
 */
public final class Watchdog {
    /** Bytes of output parsed per job per pass, so one flooding job cannot starve the others. */
    static final long BYTES_PER_PASS = 4L * 1024 * 1024;
    private static final long PERSIST_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    /** What a pass found. */
    public interface Listener {
        /** The session id (at once: a resume needs it) or the latest activity (at most once a second) changed. */
        void activity(String jobId, String sessionId, String activity);

        /** The job ends this way; called once per job, by the pass that decided it. */
        void ending(RunningJob job, Ending how);
    }

    private final ProcessControl processes;
    private final Listener listener;

    public Watchdog(ProcessControl processes, Listener listener) {
        this.processes = processes;
        this.listener = listener;
    }

    public void pass(Collection<RunningJob> jobs) {
        Instant now = Instant.now();
        for (RunningJob a : jobs) {
            if (a.ending()) {
                continue;
            }
            a.poll(BYTES_PER_PASS);
            a.noteUsage();
            recordActivity(a);
            // liveness first: once the leader is gone its exit record is complete (or never coming)
            boolean alive = a.alive(processes);
            boolean recorded = Files.exists(a.files().exit());
            if (!alive || recorded) {
                end(a, recorded || Files.exists(a.files().exit()) ? Ending.NATURAL : Ending.LOST);
                continue;
            }
            a.observeOutput(now);
            String fatal = a.parser().fatal();
            String over = a.overBudget();
            if (fatal != null) {
                end(a, Ending.terminate(JobStatus.FAILED, fatal));
            } else if (over != null) {
                end(a, Ending.terminate(JobStatus.FAILED, over));
            } else if (now.isAfter(a.startedAt.plus(a.wallLimit))) {
                end(a, Ending.terminate(JobStatus.TIMED_OUT, "hit the wall-clock limit of " + human(a.wallLimit)));
            } else if (now.isAfter(a.lastOutputAt.plus(a.stallLimit))) {
                end(a, Ending.terminate(JobStatus.TIMED_OUT, "stalled: no output for " + human(a.stallLimit)));
            }
        }
    }

    private void end(RunningJob a, Ending how) {
        if (a.end(how)) {
            listener.ending(a, how);
        }
    }

    private void recordActivity(RunningJob a) {
        String session = a.parser().sessionId();
        String activity = a.parser().lastActivity();
        boolean newSession = session != null && !session.equals(a.persistedSession);
        boolean newActivity = activity != null && !activity.equals(a.persistedActivity);
        if (newSession || (newActivity && System.nanoTime() - a.lastPersistNanos > PERSIST_EVERY_NANOS)) {
            listener.activity(a.id(), session, activity);
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
