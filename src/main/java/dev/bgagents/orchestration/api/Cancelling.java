package dev.bgagents.orchestration.api;

import dev.bgagents.jobs.Job;

/** Stopping a job and everything it started. */
public interface Cancelling {
    Job job(String id);

    /** The job by the id a host passed — or, once its task fell back to another provider, the chain's job now. */
    default Job current(String id) {
        return job(id);
    }

    /** Returns once nothing of the job runs; a job that had ended is returned as it is. */
    Job cancel(String id);
}
