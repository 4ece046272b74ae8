package dev.bgagents.orchestration.checks;

import dev.bgagents.agents.Invocation;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.project.JobDir;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.sandbox.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A job's check, once its agent ended well: the check runs in the job's directory ({@link CheckRun}),
 * its output to {@code verify.log}. A pass is a success. A failure is first judged against the job's
 * base ({@link BaseCheck}): a check that fails there too is not the job's doing — the job succeeds,
 * its check on record as failing on the base as well, and no fix round is spent on it. Otherwise a
 * failure with fix attempts left sends its tail to the agent's own session as a new round of the
 * same job (same id, directory, branch and start), and without, the job fails saying how the check
 * went. The host sees one job.
 */
public final class CheckStep implements JobStep {
    private static final Logger LOG = LoggerFactory.getLogger(CheckStep.class);
    public static final String NAME = "check";
    /** What of a failing check's output reaches the summary and the fix prompt. */
    static final int TAIL_LINES = 25;
    static final int TAIL_CHARS = 1500;
    /** The step's word in the record for a check that fails on the job's base as well. */
    static final String FAILS_ON_BASE = "fails on base too";

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

    private final CheckRun checks;
    private final BaseCheck bases;
    private final NextRound nextRound;

    /** {@code baseVerdicts}: where the project keeps how checks went on base commits. */
    public CheckStep(Confining confining, NextRound nextRound, Path baseVerdicts) {
        this.checks = new CheckRun(confining);
        this.bases = new BaseCheck(new BaseVerdicts(baseVerdicts), checks);
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
        return v == null || v.passed() || v.failsOnBase() ? soFar
                : Outcome.of(JobStatus.FAILED, failure(job, v), v.outcome());
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        VerifySpec spec = job.spec().verify();
        run.update(s -> s.activity(run.report().sessionId(), "checking: " + spec.shown()));
        Verification checked = check(run, job);
        // a failure is judged against the base once no fix round follows: the host asked for the rounds,
        // and a task may be to make a check green that is red on its base
        boolean roundsLeft = fixes(job, checked) < spec.fixAttempts();
        if (Verification.FAILED.equals(checked.outcome()) && run.interruption() == null && !roundsLeft) {
            checked = checked.judged(bases.judge(run, job));
        }
        Verification v = checked;
        // one write: the check's outcome, and on a pass (or a failure that is the base's) the line that says so
        String doing = v.passed() ? "verified: " + spec.shown() + " passed" : v.failsOnBase() ? "checked: "
                + spec.shown() + " fails on the base (" + v.base().shortCommit() + ") too" : null;
        run.update(s -> s.checked(v).activity(null, doing));
        if (run.interruption() != null) {
            var how = run.interruption();
            return Outcome.of(how.status(), how.reason() + " while its check ran", "interrupted");
        }
        if (v.passed()) {
            return run.soFar().saying(Verification.PASSED);
        }
        if (v.failsOnBase()) {
            LOG.info("job {}: {} fails on its base {} too: not the job's doing", job.id(), spec.shown(), v.base().commit());
            return run.soFar().saying(FAILS_ON_BASE);
        }
        boolean fixable = !Verification.NOT_RUN.equals(v.outcome());
        if (fixable && fixes(job, v) < spec.fixAttempts()) {
            try {
                startFixRound(run, v);
                return Outcome.relaunched("fix " + (fixes(job, v) + 1));
            } catch (IOException | RuntimeException e) {
                LOG.warn("job {}: fix round not started: {}", job.id(), e.toString());
                return Outcome.of(JobStatus.FAILED, failure(job, v) + "; the fix round could not start: "
                        + e.getMessage(), v.outcome());
            }
        }
        return Outcome.of(JobStatus.FAILED, failure(job, v), v.outcome());
    }

    private void startFixRound(StepRun run, Verification v) throws IOException {
        Job job = run.job();
        JobDir files = run.files();
        int round = v.fixes() + 1; // the job's agent round, steered ones counted: its prompt file's name
        int fix = fixes(job, v) + 1;
        String prompt = FixPrompt.render(job.spec().verify(), v, fix);
        Invocation inv = nextRound.of(job, run.report().sessionId(), prompt);
        Verification next = run.roundAfter(v);
        String doing = "fix " + fix + "/" + job.spec().verify().fixAttempts() + ": "
                + job.spec().verify().shown() + " " + (Verification.TIMED_OUT.equals(v.outcome()) ? "timed out"
                : "exited " + v.exitCode());
        run.nextRound(inv, prompt, files.fixPrompt(round), next, doing);
        LOG.info("job {}: {}", job.id(), doing);
    }

    /** Runs the check once in the job's directory; {@code not_run} when the job was stopped while it ran. */
    private Verification check(StepRun run, Job job) {
        Path workdir = Path.of(job.spec().workdir());
        Path tree = job.workspace() != null ? job.workspace().path() : workdir;
        JobDir files = run.files();
        CheckRun.Ran r = checks.run(run, new CheckRun.Place(tree, workdir, List.of(), files.verifyLog(),
                files.verifyExit()),
                TailLines.of(job));
        return Verification.checked(job.state().verification(), r.outcome(), r.exitCode(), r.text(), r.seconds());
    }

    /**
     * Fix rounds started so far: the job's rounds after its first, less those a person's steering started,
     * which are not the check's to count against its fix attempts.
     */
    static int fixes(Job job, Verification v) {
        long steered = job.state().steps().stream()
                .filter(r -> StepRecord.STEER.equals(r.name()) && StepRecord.STEERED.equals(r.outcome())).count();
        return (int) Math.max(0, v.fixes() - steered);
    }

    /** The job's reason when its check did not pass. */
    static String failure(Job job, Verification v) {
        return failure(job.spec().verify(), v, fixes(job, v));
    }

    static String failure(VerifySpec spec, Verification v) {
        return failure(spec, v, v.fixes());
    }

    private static String failure(VerifySpec spec, Verification v, int fixes) {
        String after = fixes == 0 ? "" : " after " + fixes + (fixes == 1 ? " fix attempt" : " fix attempts");
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
}
