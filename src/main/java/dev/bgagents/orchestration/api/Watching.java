package dev.bgagents.orchestration.api;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.jobs.Job;

import java.util.List;
import java.util.Map;

/** What job_status reads: jobs by id, the default set, their changes as they happen. */
public interface Watching {
    /** A job by the id a host passed; a {@link Refusal} when the id is wrong. */
    Job job(String id);

    /** The attempts of the best-of-N group {@code id}, as they are now; empty when {@code id} is a job's. */
    List<Job> attempts(String id);

    /**
     * A job as it is now — or, for a job whose task fell back to other providers, the chain's job
     * now: the one lookup of a chain that job_status, cancel_job and MCP tasks make.
     */
    Job latest(String id);

    /** The jobs of a plan's tasks, or empty for an unknown session. */
    default java.util.Optional<List<Job>> planJobs(String session) {
        return java.util.Optional.empty();
    }

    /** Active jobs (another session's too: they may touch the same files), and ended ones nobody here has read. */
    List<Job> defaults();

    /** Every job of the project, oldest first. */
    List<Job> all();

    /** A count of the changes so far: read it before looking at the jobs, and wait on it. */
    long changes();

    /**
     * Waits until some job changed since {@code seen} (from {@link #changes()}) or the deadline
     * ({@link System#nanoTime}) passes: a change between the look and the wait is not slept through.
     */
    void awaitChange(long seen, long deadlineNanos) throws InterruptedException;

    /**
     * While running: what the agent did last (or that its worktree is being checked out); once
     * ended: why. Secrets masked.
     */
    String activity(Job job);

    /**
     * Its review, in a few words: a review job's verdict ("changes, 2 findings"), or an author's
     * latest finished review ("claude-3f9a1c approve"); null when there is none.
     */
    String review(Job job);

    /** For each of the active {@code jobs}, the other active jobs it shares files with. */
    Map<String, String> overlaps(List<Job> jobs);
}
