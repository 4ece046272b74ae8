package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's check in its directory once the agent has ended: detached and tagged like the
 * agent (a cancel or a later server's kill finds it), bounded by the check's own time limit,
 * its output to {@code verify.log}, whose tail is all that is kept when it fails.
 */
final class Verifier {
    /** What of a failing check's output reaches the summary and the fix prompt. */
    static final int TAIL_LINES = 25;
    static final int TAIL_CHARS = 1500;

    private final ProcessControl processes;
    private final Duration grace;

    Verifier(ProcessControl processes, Duration grace) {
        this.processes = processes;
        this.grace = grace;
    }

    /** How the check went; {@code interrupted} when the job was stopped (cancelled) while it ran. */
    record Result(Verification verification, boolean interrupted) {
    }

    Result check(RunningJob a, Job job, Map<String, String> env) {
        VerifySpec spec = job.spec().verify();
        JobDir files = a.files();
        Verification before = job.state().verification();
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(files.verifyExit());
            Files.deleteIfExists(files.verifyLog());
        } catch (IOException e) {
            return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                    "cannot reset the check's files: " + e.getMessage(), 0), false);
        }
        Map<String, String> vars = new HashMap<>(env);
        vars.put(ProcessControl.JOB_TAG, job.id());
        // a check nobody watches: test runners run once (no watch mode), npm says nothing of its own updates
        vars.putIfAbsent("CI", "true");
        vars.putIfAbsent("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        ProcessControl.Launched l;
        try {
            l = processes.launch(new ProcessControl.LaunchSpec(spec.command(), Path.of(job.spec().workdir()), null,
                    files.verifyLog(), files.verifyLog(), files.verifyExit(), vars, List.of()));
        } catch (IOException | RuntimeException e) {
            return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                    "could not start `" + spec.shown() + "`: " + e.getMessage(), 0), false);
        }
        long deadline = started + Math.round(spec.timeoutMinutes() * 60e9);
        while (!Files.exists(files.verifyExit())) {
            if (a.interruption() != null || System.nanoTime() > deadline) {
                processes.kill(l.pid(), l.startTicks(), job.id(), grace);
                double secs = seconds(started);
                if (a.interruption() != null) {
                    return new Result(Verification.checked(before, Verification.NOT_RUN, null, null, secs), true);
                }
                return new Result(Verification.checked(before, Verification.TIMED_OUT, null,
                        tail(files.verifyLog()), secs), false);
            }
            waitBriefly(l);
            if (l.process() != null && !l.process().isAlive() && !Files.exists(files.verifyExit())) {
                sleep(200); // its exit record is renamed into place a moment after the leader ends
                if (!Files.exists(files.verifyExit())) {
                    return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                            "`" + spec.shown() + "` ended without an exit status", seconds(started)), false);
                }
            }
        }
        // what the check left running (a dev server it started) is not left behind
        processes.kill(l.pid(), l.startTicks(), job.id(), grace);
        Integer exit = JobRunner.readExit(files.verifyExit());
        boolean passed = exit != null && exit == 0;
        String outcome = passed ? Verification.PASSED : exit != null && exit == 127 ? Verification.NOT_RUN
                : Verification.FAILED;
        return new Result(Verification.checked(before, outcome, exit, passed ? null : tail(files.verifyLog()),
                seconds(started)), false);
    }

    private static void waitBriefly(ProcessControl.Launched l) {
        try {
            if (l.process() != null) {
                l.process().waitFor(100, TimeUnit.MILLISECONDS);
            } else {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the check's output, terminal controls removed, at most {@link #TAIL_CHARS}. */
    static String tail(Path log) {
        String text = StateFiles.tail(log, 64 * 1024).replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
                .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        List<String> lines = text.strip().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        String joined = String.join("\n", last);
        return joined.length() <= TAIL_CHARS ? joined : "…" + joined.substring(joined.length() - TAIL_CHARS + 1);
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
