package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.attempts.Attempts;
import dev.bgagents.orchestration.core.Spawner;
import dev.bgagents.orchestration.delivery.Delivery;
import dev.bgagents.orchestration.handoff.HandOffs;
import dev.bgagents.orchestration.plans.PlanRunner;
import dev.bgagents.orchestration.review.Reviews;

/** spawn_agent's modes, each to the room that serves it: one job, a best-of-N group, a review, a plan. */
final class Spawns implements Spawning {
    private final Spawner jobs;
    private final Attempts attempts;
    private final Reviews reviews;
    private final PlanRunner plans;
    private final Delivery delivery;
    private final HandOffs handOffs;

    Spawns(Spawner jobs, Attempts attempts, Reviews reviews, PlanRunner plans, Delivery delivery, HandOffs handOffs) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.reviews = reviews;
        this.plans = plans;
        this.delivery = delivery;
        this.handOffs = handOffs;
    }

    @Override
    public Started spawn(Request request) {
        delivery.check(request.deliver(), jobs.workdir(request.workdir()), request.worktree());
        return jobs.spawn(request);
    }

    @Override
    public Started handOff(HandOffRequest request) {
        return handOffs.start(request);
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
        // a plan's tasks work in its project: checked there before any of them is made
        delivery.check(request.deliver(), jobs.workdir(null), request.worktree());
        return plans.run(request);
    }
}
