package dev.bgagents.orchestration.checks;

import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.runtime.ExitRecord;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A job's check, once its agent ended well: the check runs in the job's directory, detached and
 * tagged like the agent (a cancel or a later server's kill finds it), bounded by its own time
 * limit, its output to {@code verify.log}. A pass is a success; a failure with fix attempts left
 * sends its tail to the agent's own session as a new round of the same job (same id, directory,
 * branch and start); otherwise the job fails saying how the check went. The host sees one job.
 *
 * <p>A check runs code the agent chose (a Makefile target, a test it wrote, a package script), so
 * it gets no more than the agent: no variable that holds a secret by its name (the runtime's
 * launcher leaves them out), confined like the agent — in a sandbox that lets it write its worktree
 * and a private {@code /tmp} alone, with a loopback of its own unless the config shares the
 * network, and that kills whatever it left running — and its tail masked before it reaches the
 * summary or a fix prompt.
 */
public final class CheckStep implements JobStep {
    private static final Logger LOG = LoggerFactory.getLogger(CheckStep.class);
    public static final String NAME = "check";
    /** What of a failing check's output reaches the summary and the fix prompt. */
    static final int TAIL_LINES = 25;
    static final int TAIL_CHARS = 1500;

    /**
     * What confines checks on this server.
     *
     * @param network whether a confined check shares the machine's network ({@code verify_network})
     */
    public record Confining(Sandbox sandbox, boolean network) {
    }

    /** The command of the agent's next round: resumed in its own session, told {@code prompt}. */
    public interface NextRound {
        Invocation of(Job job, String sessionId, String prompt);
    }

    private final Confining confining;
    private final NextRound nextRound;

    public CheckStep(Confining confining, NextRound nextRound) {
        this.confining = confining;
        this.nextRound = nextRound;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return job.spec().verify() != null && soFar.status() == JobStatus.SUCCEEDED;
    }

    @Override
    public Outcome resumed(Job job, Outcome soFar) {
        Verification v = job.state().verification();
        return v == null || v.passed() ? soFar : Outcome.of(JobStatus.FAILED, failure(job.spec().verify(), v), v.outcome());
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        VerifySpec spec = job.spec().verify();
        run.update(s -> s.activity(run.report().sessionId(), "checking: " + spec.shown()));
        Verification v = check(run, job);
        // one write: the check's outcome, and on a pass the line that says so
        String doing = v.passed() ? "verified: " + spec.shown() + " passed" : null;
        run.update(s -> s.checked(v).activity(null, doing));
        if (run.interruption() != null) {
            var how = run.interruption();
            return Outcome.of(how.status(), how.reason() + " while its check ran", "interrupted");
        }
        if (v.passed()) {
            return run.soFar().saying(Verification.PASSED);
        }
        boolean fixable = !Verification.NOT_RUN.equals(v.outcome());
        if (fixable && v.fixes() < spec.fixAttempts()) {
            try {
                startFixRound(run, v);
                return Outcome.relaunched("fix " + (v.fixes() + 1));
            } catch (IOException | RuntimeException e) {
                LOG.warn("job {}: fix round not started: {}", job.id(), e.toString());
                return Outcome.of(JobStatus.FAILED, failure(spec, v) + "; the fix round could not start: "
                        + e.getMessage(), v.outcome());
            }
        }
        return Outcome.of(JobStatus.FAILED, failure(spec, v), v.outcome());
    }

    private void startFixRound(StepRun run, Verification v) throws IOException {
        Job job = run.job();
        JobDir files = run.files();
        int round = v.fixes() + 1;
        String prompt = FixPrompt.render(job.spec().verify(), v, round);
        Invocation inv = nextRound.of(job, run.report().sessionId(), prompt);
        Verification next = v.nextRound(size(files.stdout()), size(files.stderr()), run.report().usage());
        String doing = "fix " + round + "/" + job.spec().verify().fixAttempts() + ": "
                + job.spec().verify().shown() + " " + (Verification.TIMED_OUT.equals(v.outcome()) ? "timed out"
                : "exited " + v.exitCode());
        run.nextRound(inv, prompt, files.fixPrompt(round), next, doing);
        LOG.info("job {}: {}", job.id(), doing);
    }

    /** Runs the check once; {@code not_run} when the job was stopped while it ran. */
    private Verification check(StepRun run, Job job) {
        VerifySpec spec = job.spec().verify();
        JobDir files = run.files();
        Verification before = job.state().verification();
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(files.verifyExit());
            Files.deleteIfExists(files.verifyLog());
        } catch (IOException e) {
            return Verification.checked(before, Verification.NOT_RUN, null,
                    "cannot reset the check's files: " + e.getMessage(), 0);
        }
        Redactor mask = new Redactor(run.secrets());
        ProcessControl.Launched l;
        try {
            l = run.startCheck(confined(job, files), files.verifyLog(), files.verifyExit());
        } catch (IOException | RuntimeException e) {
            return Verification.checked(before, Verification.NOT_RUN, null,
                    "could not start `" + spec.shown() + "`: " + e.getMessage(), 0);
        }
        long deadline = started + Math.round(spec.timeoutMinutes() * 60e9);
        while (!Files.exists(files.verifyExit())) {
            if (run.interruption() != null || System.nanoTime() > deadline) {
                run.stop(l);
                clearTmp(files);
                if (run.interruption() != null) {
                    return Verification.checked(before, Verification.NOT_RUN, null, null, seconds(started));
                }
                return Verification.checked(before, Verification.TIMED_OUT, null, mask.redact(tail(files.verifyLog())),
                        seconds(started));
            }
            waitBriefly(l);
            if (l.process() != null && !l.process().isAlive() && !Files.exists(files.verifyExit())) {
                sleep(200); // its exit record is renamed into place a moment after the leader ends
                if (!Files.exists(files.verifyExit())) {
                    return Verification.checked(before, Verification.NOT_RUN, null,
                            "`" + spec.shown() + "` ended without an exit status", seconds(started));
                }
            }
        }
        // what the check left running (a dev server it started) is not left behind
        run.stop(l);
        clearTmp(files);
        Integer exit = ExitRecord.status(files.verifyExit());
        boolean passed = exit != null && exit == 0;
        String outcome = passed ? Verification.PASSED : exit != null && exit == 127 ? Verification.NOT_RUN
                : Verification.FAILED;
        return Verification.checked(before, outcome, exit, passed ? null : mask.redact(tail(files.verifyLog())),
                seconds(started));
    }

    /**
     * The check's argument vector, in the sandbox unless the job runs with {@code full} rights
     * (then its check has them too) or nothing here can confine it. Writable: the worktree (or,
     * for a job run in place, its directory) and a private {@code /tmp}, emptied first.
     */
    private List<String> confined(Job job, JobDir files) throws IOException {
        List<String> argv = job.spec().verify().command();
        if (Permissions.FULL.wire().equals(job.spec().run().permissions()) || confining.sandbox().unavailable().isPresent()) {
            return argv;
        }
        Path tree = job.workspace() != null ? job.workspace().path() : Path.of(job.spec().workdir());
        clearTmp(files);
        Files.createDirectories(files.checkTmp());
        return confining.sandbox().wrap(argv, new Sandbox.Rules(Path.of(job.spec().workdir()), List.of(tree),
                files.checkTmp(), confining.network()));
    }

    private static void clearTmp(JobDir files) {
        try {
            if (Files.exists(files.checkTmp())) {
                StateFiles.deleteTree(files.checkTmp());
            }
        } catch (IOException e) {
            // scratch: the next check empties it again
        }
    }

    /** The job's reason when its check did not pass. */
    static String failure(VerifySpec spec, Verification v) {
        String after = v.fixes() == 0 ? "" : " after " + v.fixes() + (v.fixes() == 1 ? " fix attempt" : " fix attempts");
        return switch (v.outcome()) {
            case Verification.TIMED_OUT -> "verification timed out (" + minutes(spec.timeoutMinutes()) + "): `"
                    + spec.shown() + "`" + after;
            case Verification.NOT_RUN -> "verification could not run: `" + spec.shown() + "`"
                    + (v.exitCode() != null ? " exited " + v.exitCode() + " (command not found)"
                    : v.tail() != null ? ": " + v.tail() : "");
            default -> "verification failed: `" + spec.shown() + "` exited " + v.exitCode() + after;
        };
    }

    private static String minutes(double m) {
        return m == Math.rint(m) ? (long) m + " min" : m + " min";
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

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
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

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
