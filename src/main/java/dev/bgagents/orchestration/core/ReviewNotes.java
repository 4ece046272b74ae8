package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;

/** A job's review in a few words, for job_status and a plan's summary; the review room answers. */
public interface ReviewNotes {
    ReviewNotes NONE = job -> null;

    /**
     * A review job's verdict ("changes, 2 findings"), or an author's latest finished review with its
     * verdict ("claude-3f9a1c approve"); null when there is none.
     */
    String brief(Job job);
}
