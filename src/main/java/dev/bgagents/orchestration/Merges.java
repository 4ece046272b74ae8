package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.attempts.Attempts;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.delivery.Delivery;

/** merge_worktree: a best-of-N group's winner through the attempts room, any other job as itself. */
final class Merges implements Merging {
    private final MergeService jobs;
    private final Attempts attempts;
    private final Delivery delivery;

    Merges(MergeService jobs, Attempts attempts, Delivery delivery) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.delivery = delivery;
    }

    @Override
    public PullRequest openPullRequest(PullRequestRequest request) {
        return delivery.open(request);
    }

    @Override
    public Outcome merge(Request request) {
        return Ids.isGroup(request.jobId()) ? attempts.merge(request) : jobs.merge(request);
    }
}
