package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;

import java.util.Optional;

/** What merging a job asks of its reviews; the review room answers, and without it nothing is asked. */
public interface ReviewGate {
    ReviewGate NONE = new ReviewGate() {
        @Override
        public Optional<Job> active(String authorId) {
            return Optional.empty();
        }

        @Override
        public String requireApproval(Job author) {
            throw new dev.bgagents.orchestration.api.Refusal("no reviews here: require_review cannot be met");
        }
    };

    /** The review of {@code authorId} running or queued now, if any: its worktree is in use. */
    Optional<Job> active(String authorId);

    /** A refusal unless the latest finished review approves the branch as it is; the commit that review approved. */
    String requireApproval(Job author);
}
