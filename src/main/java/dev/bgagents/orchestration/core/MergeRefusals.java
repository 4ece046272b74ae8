package dev.bgagents.orchestration.core;

/**
 * Who hears of a merge finally refused after it was answered — a merge whose conflicts an agent was
 * given rounds to resolve, and did not: merge_worktree had answered "resolving" long before.
 */
@FunctionalInterface
public interface MergeRefusals {
    /**
     * @param jobId  the job whose branch was not merged
     * @param branch its branch
     * @param into   the branch it was to land on
     * @param why    one line
     * @param plan   the plan session the job is a task of, or null
     */
    void refused(String jobId, String branch, String into, String why, String plan);
}
