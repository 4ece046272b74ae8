package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a job's end on record, once: whichever thread gets there first (the agent's exit, a
 * cancel, a queued job that can never start) decides it, and every later try keeps that end.
 */
final class JobEnds {
    private static final Logger LOG = LoggerFactory.getLogger(JobEnds.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final Owners owners;
    private final PlanBudgets planBudgets;

    JobEnds(JobStore store, JobLifecycle lifecycle, Owners owners, PlanBudgets planBudgets) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.owners = owners;
        this.planBudgets = planBudgets;
    }

    /**
     * Records a job's end once: files first (the lifecycle's {@code ending}), then the record,
     * then {@code ended}. A job already on record as ended keeps the end it has.
     */
    Job record(String id, JobState state, AgentReport report, Workspace workspace) {
        Job job = store.get(id).orElseThrow();
        if (job.status().isTerminal()) {
            LOG.warn("job {} already ended as {}; not ending it again as {}", id, job.status().wire(),
                    state.status().wire());
            return job;
        }
        try {
            state = lifecycle.ending(new Job(job.spec(), state, report, workspace));
        } catch (RuntimeException e) {
            LOG.warn("before-end hook of {} failed: {}", id, e.toString());
        }
        Job ended = store.end(id, state, report, workspace);
        if (store.unwritten(id)) {
            // said now, to whoever asked: the disk still has the job as it was
            String why = StateFiles.whyUnwritable(store.files(id).dir()).orElse("its record could not be written");
            ended = store.updateState(id, s -> s.alsoBecause("not on disk (" + why + "): after a restart the job "
                    + "will show as lost"));
        }
        owners.release(id);
        planBudgets.ended(ended);
        try {
            lifecycle.ended(ended);
        } catch (RuntimeException e) {
            LOG.warn("end hook of {} failed: {}", id, e.toString());
        }
        return ended;
    }
}
