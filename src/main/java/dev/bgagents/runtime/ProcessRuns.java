package dev.bgagents.runtime;

import dev.bgagents.process.ProcessControl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process of a job run to its end by a step ({@link StepRun#runToEnd}): watched through its exit
 * record (the launcher writes it as the process ends, and a later server reads the same file), bounded
 * by a time limit, given up when the job is stopped, and whatever it left running stopped after it.
 */
public final class ProcessRuns {
    private static final long LOOK_MS = 100;

    private ProcessRuns() {
    }

    /**
     * How a process ran.
     *
     * @param exit        its exit status; null when it has none (it could not start, ran out of time, was stopped)
     * @param timedOut    it ran past its limit and was stopped
     * @param interrupted the job was stopped (cancelled) while it ran
     * @param failure     why it could not start or has no exit status, else null
     */
    public record Ran(Integer exit, boolean timedOut, boolean interrupted, String failure, double seconds) {
        public boolean succeeded() {
            return exit != null && exit == 0;
        }

        /** How it went, in words: "passed", "exited 2", "timed out (10 min)", "not found", "could not start: …". */
        public String said(Duration limit) {
            if (succeeded()) {
                return "passed";
            }
            if (timedOut) {
                long m = limit.toMinutes();
                return "timed out (" + (m > 0 && limit.toSeconds() % 60 == 0 ? m + " min" : limit.toSeconds() + " s") + ")";
            }
            if (interrupted) {
                return "stopped";
            }
            if (failure != null) {
                return failure;
            }
            return exit == 127 ? "not found (exit 127)" : "exited " + exit;
        }
    }

    /** How a step starts its process. */
    interface Start {
        ProcessControl.Launched start() throws IOException;
    }

    static Ran toEnd(StepRun run, Start start, Path exit, Duration limit) {
        long started = System.nanoTime();
        ProcessControl.Launched l;
        try {
            Files.deleteIfExists(exit);
            l = start.start();
        } catch (IOException | RuntimeException e) {
            return new Ran(null, false, false, "could not start: " + e.getMessage(), 0);
        }
        long deadline = started + limit.toNanos();
        while (!Files.exists(exit)) {
            boolean stopped = run.interruption() != null;
            if (stopped || System.nanoTime() > deadline) {
                run.stop(l);
                return new Ran(null, !stopped, stopped, null, seconds(started));
            }
            look(l);
            if (l.process() != null && !l.process().isAlive() && !Files.exists(exit)) {
                pause(2 * LOOK_MS); // its exit record is renamed into place a moment after the leader ends
                if (!Files.exists(exit)) {
                    run.stop(l);
                    return new Ran(null, false, false, "ended without an exit status", seconds(started));
                }
            }
        }
        // what it left running (a server it started) is not left behind
        run.stop(l);
        return new Ran(ExitRecord.status(exit), false, false, null, seconds(started));
    }

    private static void look(ProcessControl.Launched l) {
        if (l.process() == null) {
            pause(LOOK_MS);
            return;
        }
        try {
            l.process().waitFor(LOOK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
