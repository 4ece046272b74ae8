package dev.bgagents.runtime;

import dev.bgagents.channel.PersonRequest;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobState;

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

    /**
     * What follows the checkout and comes before the agent, in order (files copied into the worktree,
     * its dependencies, the project's setup): run on the preparing thread, the job holding its slot;
     * one that returns an ended status ends the job there, and the agent never starts.
     */
    default List<JobStep> stepsBeforeAgent(Job job) {
        return List.of();
    }

    /** The job is running. */
    default void started(Job job) {
    }

    /**
     * The job's agent asked a person something ({@code request}, in its channel) and waits for the
     * answer; told once per request, on the watchdog's thread, so it must not block.
     */
    default void waiting(Job job, PersonRequest request) {
    }

    /**
     * What follows an agent round, in order (its work sealed on its branch, checked, …): each runs
     * before the job's end is recorded, so no waiter sees an ended job with its work unsaved.
     */
    default List<JobStep> stepsAfterAgent(Job job) {
        return List.of();
    }

    /**
     * The job's final form, just before it is recorded: what a waiter reads (summary.md) is written
     * here. Returns the state to record: the job's own, or another when how its end is handled makes
     * it so (a cancel that came as the job failed for its provider stops its fallback chain: cancelled).
     */
    default JobState ending(Job job) {
        return job.state();
    }

    /** The end is on record. */
    default void ended(Job job) {
    }
}
