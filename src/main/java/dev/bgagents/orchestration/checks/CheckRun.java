package dev.bgagents.orchestration.checks;

import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.runtime.ExitRecord;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a job's check in one tree — the job's worktree, or a checkout of its base — detached
 * and tagged like the agent (a cancel or a later server's kill finds it), confined as the job's
 * check is, bounded by the check's time limit, its output to a log in the job's directory.
 *
 * <p>A check runs code the agent chose (a Makefile target, a test it wrote, a package script), so
 * it gets no more than the agent: no variable that holds a secret by its name (the runtime's
 * launcher leaves them out), confined like the agent — in a sandbox that lets it write its tree
 * and a private {@code /tmp} alone, with a loopback of its own unless the config shares the
 * network, and that kills whatever it left running — and its tail masked before it reaches the
 * summary or a fix prompt.
 */
final class CheckRun {
    /**
     * How one run ended.
     *
     * @param outcome  {@code passed}, {@code failed}, {@code timed_out}, or {@code not_run} (also when the job
     *                 was stopped while it ran)
     * @param exitCode its exit status, when it exited
     * @param text     when it did not pass: the end of its output, or why it did not run
     */
    record Ran(String outcome, Integer exitCode, String text, double seconds) {
    }

    /**
     * Where a run happens.
     *
     * @param tree     the checkout it may write (and nothing else but its own {@code /tmp})
     * @param workdir  where it starts, in {@code tree}
     * @param borrowed what it reads from elsewhere through links in {@code tree} (a job's dependencies)
     * @param log      its output, stdout and stderr together
     * @param exit     its exit record
     */
    record Place(Path tree, Path workdir, List<Path> borrowed, Path log, Path exit) {
        Place {
            borrowed = List.copyOf(borrowed);
        }
    }

    private final CheckStep.Confining confining;

    CheckRun(CheckStep.Confining confining) {
        this.confining = confining;
    }

    /** Runs the job's check once at {@code at}, quoting its failure's lines as {@code tails} choose. */
    Ran run(StepRun run, Place at, TailLines tails) {
        Job job = run.job();
        VerifySpec spec = job.spec().verify();
        JobDir files = run.files();
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(at.exit());
            Files.deleteIfExists(at.log());
        } catch (IOException e) {
            return new Ran(Verification.NOT_RUN, null, "cannot reset the check's files: " + e.getMessage(), 0);
        }
        Redactor mask = new Redactor(run.secrets());
        ProcessControl.Launched l;
        try {
            l = run.startCheck(confined(job, files, at), at.workdir(), at.log(), at.exit());
        } catch (IOException | RuntimeException e) {
            return new Ran(Verification.NOT_RUN, null, "could not start `" + spec.shown() + "`: " + e.getMessage(), 0);
        }
        long deadline = started + Math.round(spec.timeoutMinutes() * 60e9);
        while (!Files.exists(at.exit())) {
            if (run.interruption() != null || System.nanoTime() > deadline) {
                run.stop(l);
                clearTmp(files);
                if (run.interruption() != null) {
                    return new Ran(Verification.NOT_RUN, null, null, seconds(started));
                }
                return new Ran(Verification.TIMED_OUT, null, mask.redact(tail(at.log(), tails)), seconds(started));
            }
            waitBriefly(l);
            if (l.process() != null && !l.process().isAlive() && !Files.exists(at.exit())) {
                sleep(200); // its exit record is renamed into place a moment after the leader ends
                if (!Files.exists(at.exit())) {
                    return new Ran(Verification.NOT_RUN, null, "`" + spec.shown() + "` ended without an exit status",
                            seconds(started));
                }
            }
        }
        // what the check left running (a dev server it started) is not left behind
        run.stop(l);
        clearTmp(files);
        Integer exit = ExitRecord.status(at.exit());
        boolean passed = exit != null && exit == 0;
        String outcome = passed ? Verification.PASSED : exit != null && exit == 127 ? Verification.NOT_RUN
                : Verification.FAILED;
        return new Ran(outcome, exit, passed ? null : mask.redact(tail(at.log(), tails)), seconds(started));
    }

    /**
     * The check's argument vector, in the sandbox unless the job runs with {@code full} rights
     * (then its check has them too) or nothing here can confine it. Writable: the tree and a
     * private {@code /tmp}, emptied first.
     */
    private List<String> confined(Job job, JobDir files, Place at) throws IOException {
        List<String> argv = job.spec().verify().command();
        if (Permissions.FULL.wire().equals(job.spec().run().permissions()) || confining.sandbox().unavailable().isPresent()) {
            return argv;
        }
        clearTmp(files);
        Files.createDirectories(files.checkTmp());
        return confining.sandbox().wrap(argv, new Sandbox.Rules(at.workdir(), List.of(at.tree()), at.borrowed(),
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

    /** What of the check's output is kept: at most {@link CheckStep#TAIL_LINES} lines, {@link CheckStep#TAIL_CHARS} characters. */
    static String tail(Path log, TailLines tails) {
        return tails.pick(tails.read(log, CheckStep.TAIL_LINES), CheckStep.TAIL_LINES, CheckStep.TAIL_CHARS);
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
