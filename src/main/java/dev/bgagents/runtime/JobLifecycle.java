package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;

import java.util.List;

/**
 * What the rest of bg-agents does at the moments of a job's life, in the order they come. The
 * runtime calls one of these, given when it is made; every method has a do-nothing default.
 */
public interface JobLifecycle {

    /**
     * Makes the worktree of a job about to start, outside the runtime's lock (a checkout takes
     * seconds on a large tree): from its dependencies' branches when it has some. A failure is
     * one line for the job's reason.
     */
    default Workspace prepare(Job job, List<Job> dependencies) throws Exception {
        return job.workspace();
    }

    /** The job is running. */
    default void started(Job job) {
    }

    /**
     * Saves what the ended agent left in its worktree (leftovers committed, commits and
     * diffstat read) before the end is recorded, so no waiter sees an ended job with
     * uncommitted work.
     */
    default Workspace seal(Job job, AgentReport report) {
        return job.workspace();
    }

    /** The job's final form, just before it is recorded: what a waiter reads (summary.md) is written here. */
    default void ending(Job job) {
    }

    /** The end is on record. */
    default void ended(Job job) {
    }
}
