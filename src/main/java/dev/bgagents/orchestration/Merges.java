package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.attempts.Attempts;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.plans.PlanMerger;

/** merge_worktree: a best-of-N group's winner through the attempts room, a plan through the plans room, any other job as itself. */
final class Merges implements Merging {
    private final MergeService jobs;
    private final Attempts attempts;
    private final PlanMerger plans;

    Merges(MergeService jobs, Attempts attempts, PlanMerger plans) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.plans = plans;
    }

    @Override
    public PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
        return plans.merge(request);
    }

    @Override
    public Outcome merge(Request request) {
        return Ids.isGroup(request.jobId()) ? attempts.merge(request) : jobs.merge(request);
    }
}
