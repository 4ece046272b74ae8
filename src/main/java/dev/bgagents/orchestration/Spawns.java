package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.attempts.Attempts;
import dev.bgagents.orchestration.core.Spawner;
import dev.bgagents.orchestration.plans.PlanRunner;
import dev.bgagents.orchestration.review.Reviews;

/** spawn_agent's modes, each to the room that serves it: one job, a best-of-N group, a review, a plan. */
final class Spawns implements Spawning {
    private final Spawner jobs;
    private final Attempts attempts;
    private final Reviews reviews;
    private final PlanRunner plans;

    Spawns(Spawner jobs, Attempts attempts, Reviews reviews, PlanRunner plans) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.reviews = reviews;
        this.plans = plans;
    }

    @Override
    public Started spawn(Request request) {
        return jobs.spawn(request);
    }

    @Override
    public GroupStarted spawnAttempts(AttemptsRequest request) {
        return attempts.spawn(request);
    }

    @Override
    public Started review(ReviewRequest request) {
        Reviews.Begun b = reviews.start(request);
        return jobs.started(b.job(), b.notes());
    }

    @Override
    public PlanStarted runPlan(PlanRequest request) {
        return plans.run(request);
    }
}
