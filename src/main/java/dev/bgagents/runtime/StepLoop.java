package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The steps of a job's life, driven in one place: those before its agent once its worktree is checked
 * out ({@link JobLifecycle#stepsBeforeAgent}), and after each agent round, the round's end on record,
 * then each step the rest of bg-agents gives ({@link JobLifecycle#stepsAfterAgent}) that applies — each
 * on record from start to end; a step a server before this one ended in this round is read back, not
 * done again.
 */
final class StepLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StepLoop.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final JobLaunch launcher;
    private final ProcessControl processes;
    private final Duration grace;
    private final StepRun.NextRound nextRound;

    StepLoop(JobStore store, JobLifecycle lifecycle, JobLaunch launcher, ProcessControl processes, Duration grace,
             StepRun.NextRound nextRound) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.launcher = launcher;
        this.processes = processes;
        this.grace = grace;
        this.nextRound = nextRound;
    }

    /** The job's outcome after its steps; {@code relaunched} when one started another agent round. */
    JobStep.Outcome afterRound(RunningJob a, JobStep.Outcome agent, AgentReport report, Instant exited) {
        Job job = store.get(a.id()).orElseThrow();
        int round = roundOf(job);
        String said = agent.said() != null ? agent.said() : agent.status().wire();
        store.updateState(a.id(), s -> s.stepEnded(StepRecord.AGENT, round, exited, said));
        // another agent round runs once one relaunched: its end comes back here
        return through(lifecycle.stepsAfterAgent(job), a.id(), round, agent, JobStep.Outcome::relaunched,
                so -> new StepRun(a, store, launcher, processes, grace, so, report, nextRound));
    }

    /**
     * The steps before a job's agent, its worktree checked out: how the job stands after them — still
     * queued to start, or ended (a setup that failed, a cancel meanwhile).
     */
    JobStep.Outcome beforeAgent(String id) {
        Job job = store.get(id).orElseThrow();
        return through(lifecycle.stepsBeforeAgent(job), id, 0, JobStep.Outcome.BEFORE_AGENT,
                so -> so.status().isTerminal() || store.get(id).orElseThrow().status().isTerminal(),
                so -> StepRun.beforeAgent(id, store, launcher, processes, grace));
    }

    /**
     * Whether a job has steps before its agent, run or not: a job a server left with its worktree checked
     * out goes through them too — one not run yet runs, one that ended is read back (a setup that failed
     * still fails the job).
     */
    boolean hasStepsBeforeAgent(Job job) {
        return lifecycle.stepsBeforeAgent(job).stream().anyMatch(s -> s.applies(job, JobStep.Outcome.BEFORE_AGENT));
    }

    /** Each step of {@code steps} that applies, in order from {@code so}, until one's outcome {@code stops} the rest. */
    private JobStep.Outcome through(List<JobStep> steps, String id, int round, JobStep.Outcome so,
                                    Predicate<JobStep.Outcome> stops, Function<JobStep.Outcome, StepRun> runs) {
        for (JobStep step : steps) {
            if (stops.test(so)) {
                break;
            }
            Job now = store.get(id).orElseThrow();
            if (!step.applies(now, so)) {
                continue;
            }
            so = now.state().stepDone(step.name(), round)
                    ? step.resumed(now, so) // a server before this one did it, and stopped after
                    : run(id, step, round, runs.apply(so));
        }
        return so;
    }

    /** One step, on record from its start to its end; a step that fails inside bg-agents fails the job, saying so. */
    private JobStep.Outcome run(String id, JobStep step, int round, StepRun in) {
        store.updateState(id, s -> s.stepStarted(step.name(), round, Instant.now()));
        JobStep.Outcome out;
        try {
            out = step.run(in);
        } catch (RuntimeException e) {
            LOG.error("step " + step.name() + " of " + id + " failed", e);
            out = JobStep.Outcome.of(JobStatus.FAILED, "bg-agents could not " + step.name() + " the job: " + e,
                    "error");
        }
        String said = out.said();
        String detail = out.detail();
        store.updateState(id, s -> s.stepEnded(step.name(), round, Instant.now(), said, detail));
        return out;
    }

    /** The agent round a job is in: 0 for its first run, n in fix round n. */
    static int roundOf(Job job) {
        return job.state().verification() == null ? 0 : job.state().verification().fixes();
    }
}
