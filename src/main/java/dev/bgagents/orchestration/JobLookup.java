package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;

/** Finding a job by the id a host passes: checked before the file system sees it, one line when wrong. */
public final class JobLookup {
    private final JobStore store;

    public JobLookup(JobStore store) {
        this.store = store;
    }

    public Job job(String id) {
        if (id == null || id.isBlank()) {
            throw new Refusal("missing \"job_id\": pass the id spawn_agent returned (job_status lists them)");
        }
        if (!JobStore.ID.matcher(id).matches()) {
            throw new Refusal("malformed job id " + Refusal.quoted(id) + ": ids look like claude-3f9a1c (job_status lists them)");
        }
        // a job another server on this project started a moment ago is on disk already
        return store.get(id).or(() -> {
            store.discover();
            return store.get(id);
        }).orElseThrow(() -> new Refusal("unknown job id \"" + id + "\": job_status lists the jobs of this project"));
    }
}
