package dev.bgagents.orchestration.checks;

import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.runtime.ProcessRuns;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    /** How {@link ProcessRuns.Ran#failure} begins for a check that could not be started. */
    private static final String COULD_NOT_START = "could not start: ";

    private final CheckStep.Confining confining;

    CheckRun(CheckStep.Confining confining) {
        this.confining = confining;
    }

    /** Runs the job's check once at {@code at}, quoting its failure's lines as {@code tails} choose. */
    Ran run(StepRun run, Place at, TailLines tails) {
        Job job = run.job();
        VerifySpec spec = job.spec().verify();
        JobDir files = run.files();
        try {
            Files.deleteIfExists(at.exit());
            Files.deleteIfExists(at.log());
        } catch (IOException e) {
            return new Ran(Verification.NOT_RUN, null, "cannot reset the check's files: " + e.getMessage(), 0);
        }
        Redactor mask = new Redactor(run.secrets());
        List<String> argv;
        try {
            argv = confined(job, files, at);
        } catch (IOException e) {
            return new Ran(Verification.NOT_RUN, null, "could not start `" + spec.shown() + "`: " + e.getMessage(), 0);
        }
        ProcessRuns.Ran r = run.runToEnd(argv, at.workdir(), at.log(), at.exit(),
                Duration.ofNanos(Math.round(spec.timeoutMinutes() * 60e9)));
        clearTmp(files);
        if (r.interrupted()) {
            return new Ran(Verification.NOT_RUN, null, null, r.seconds());
        }
        if (r.timedOut()) {
            return new Ran(Verification.TIMED_OUT, null, mask.redact(tail(at.log(), tails)), r.seconds());
        }
        if (r.exit() == null) {
            String why = r.failure().startsWith(COULD_NOT_START)
                    ? "could not start `" + spec.shown() + "`: " + r.failure().substring(COULD_NOT_START.length())
                    : "`" + spec.shown() + "` " + r.failure();
            return new Ran(Verification.NOT_RUN, null, why, r.seconds());
        }
        String outcome = r.succeeded() ? Verification.PASSED : r.exit() == 127 ? Verification.NOT_RUN : Verification.FAILED;
        return new Ran(outcome, r.exit(), r.succeeded() ? null : mask.redact(tail(at.log(), tails)), r.seconds());
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
}
