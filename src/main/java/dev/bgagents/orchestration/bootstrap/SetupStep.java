package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.ProcessRuns;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.summary.LogTail;
import dev.bgagents.summary.Redactor;

import java.time.Duration;

/**
 * The project's setup, last before the agent: its command from bg-agents.json (an argument vector,
 * never from a call), run at the worktree's top as a check runs — detached, tagged with the job (a
 * cancel stops it with all it started), no secret in its environment, {@code $BG_AGENTS_JOB} and the
 * job's ports set — bounded by {@code setup_timeout_minutes}, its output to {@code setup.log}. A setup
 * that does not pass ends the job {@code failed}, the end of its log (masked) kept for the summary:
 * the agent never starts on a worktree its project could not set up.
 */
final class SetupStep implements JobStep {
    static final String NAME = "setup";
    /** What of a failed setup's log the record keeps. */
    static final int TAIL_LINES = 25;
    static final int TAIL_CHARS = 1500;

    private final WorktreeSettings settings;

    SetupStep(WorktreeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return !settings.setup().isEmpty() && Fresh.worktree(job);
    }

    @Override
    public Outcome resumed(Job job, Outcome soFar) {
        StepRecord r = job.state().step(NAME, 0).orElseThrow();
        return "passed".equals(r.outcome()) ? soFar : failed(r.said());
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        String shown = "setup `" + String.join(" ", settings.setup()) + "`";
        run.update(s -> s.activity(null, shown));
        Duration limit = Fresh.limit(settings);
        ProcessRuns.Ran ran = run.runToEnd(settings.setup(), job.workspace().path(), run.files().setupLog(),
                run.files().stepExit(), limit);
        if (run.interruption() != null) {
            return run.soFar().saying("interrupted");
        }
        String said = shown + " " + ran.said(limit) + " (" + ran.seconds() + " s)";
        if (ran.succeeded()) {
            return run.soFar().saying("passed").detailed(said);
        }
        String tail = new Redactor(run.secrets()).redact(LogTail.of(run.files().setupLog(), TAIL_LINES, TAIL_CHARS));
        return failed(said).detailed(tail.isBlank() ? said : said + "\n" + tail);
    }

    private static Outcome failed(String said) {
        return Outcome.of(JobStatus.FAILED, said + ": the agent did not start", "failed");
    }
}
