package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;

import java.util.function.Function;

/** A {@link Merging} of single jobs answered by {@code merge}, for a test of what wraps or calls one; no plans, no pull requests. */
public final class JobMerging {
    private JobMerging() {
    }

    public static Merging of(Function<Merging.Request, Merging.Outcome> merge) {
        return new Merging() {
            @Override
            public Outcome merge(Request request) {
                return merge.apply(request);
            }

            @Override
            public PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
                throw new AssertionError("this test merges no plan");
            }

            @Override
            public PullRequest openPullRequest(PullRequestRequest request) {
                throw new AssertionError("this test opens no pull request");
            }
        };
    }
}
