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

/**
 * What follows an agent round, driven in one place: the round's end on record, then each step the
 * rest of bg-agents gives ({@link JobLifecycle#stepsAfterAgent}) that applies, each on record from
 * start to end; a step a server before this one ended in this round is read back, not done again.
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
        String said = agent.status().wire();
        store.updateState(a.id(), s -> s.stepEnded(StepRecord.AGENT, round, exited, said));
        JobStep.Outcome so = agent;
        for (JobStep step : lifecycle.stepsAfterAgent(job)) {
            Job now = store.get(a.id()).orElseThrow();
            if (!step.applies(now, so)) {
                continue;
            }
            if (now.state().stepDone(step.name(), round)) {
                so = step.resumed(now, so); // a server before this one did it, and stopped after
                continue;
            }
            so = run(a, step, round, so, report);
            if (so.relaunched()) {
                break; // another agent round runs: its end comes back here
            }
        }
        return so;
    }

    /** One step, on record from its start to its end; a step that fails inside bg-agents fails the job, saying so. */
    private JobStep.Outcome run(RunningJob a, JobStep step, int round, JobStep.Outcome so, AgentReport report) {
        store.updateState(a.id(), s -> s.stepStarted(step.name(), round, Instant.now()));
        JobStep.Outcome out;
        try {
            out = step.run(new StepRun(a, store, launcher, processes, grace, so, report, nextRound));
        } catch (RuntimeException e) {
            LOG.error("step " + step.name() + " of " + a.id() + " failed", e);
            out = JobStep.Outcome.of(JobStatus.FAILED, "bg-agents could not " + step.name() + " the job: " + e,
                    "error");
        }
        String said = out.said();
        store.updateState(a.id(), s -> s.stepEnded(step.name(), round, Instant.now(), said));
        return out;
    }

    /** The agent round a job is in: 0 for its first run, n in fix round n. */
    static int roundOf(Job job) {
        return job.state().verification() == null ? 0 : job.state().verification().fixes();
    }
}
