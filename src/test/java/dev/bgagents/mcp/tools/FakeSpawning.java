package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Spawning;

import java.util.ArrayList;
import java.util.List;

/** Records what it is asked and answers with a prepared job. */
public final class FakeSpawning implements Spawning {
    public final List<Request> requests = new ArrayList<>();
    final List<PlanRequest> plans = new ArrayList<>();
    public Started next;
    PlanStarted nextPlan;
    RuntimeException refuse;

    public final List<AttemptsRequest> groups = new ArrayList<>();
    GroupStarted nextGroup;

    @Override
    public GroupStarted spawnAttempts(AttemptsRequest r) {
        groups.add(r);
        return nextGroup;
    }

    @Override
    public Started spawn(Request r) {
        requests.add(r);
        if (refuse != null) {
            throw refuse;
        }
        return next;
    }

    public final List<ReviewRequest> reviews = new ArrayList<>();
    public final List<HandOffRequest> handOffs = new ArrayList<>();

    @Override
    public Started handOff(HandOffRequest r) {
        handOffs.add(r);
        if (refuse != null) {
            throw refuse;
        }
        return next;
    }

    @Override
    public Started review(ReviewRequest r) {
        reviews.add(r);
        if (refuse != null) {
            throw refuse;
        }
        return next;
    }

    @Override
    public PlanStarted runPlan(PlanRequest r) {
        plans.add(r);
        return nextPlan;
    }
}
