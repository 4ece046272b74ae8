package dev.bgagents.orchestration.api;

import java.util.List;

/** merge_worktree {session}: a plan's finished tasks merged in wave order in one call, or forecast. */
public interface PlanMerge {

    /** @param into null: each task's own base branch */
    record Request(String session, String into, boolean squash, boolean dryRun, boolean cleanup, boolean requireReview) {
    }

    /** What became of one task. */
    enum State {
        MERGED, ALREADY_MERGED, WOULD_MERGE, WOULD_CONFLICT, NOT_MERGEABLE, REFUSED, SKIPPED, NOT_TRIED;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /**
     * One task, in wave order.
     *
     * @param stem  NN-slug
     * @param jobId its job (the one merged: a fallback chain's last), or null when it never ran
     * @param why   for a refusal, a skip or a task not mergeable: the reason, one line
     */
    record Task(String stem, String jobId, State state, String commit, List<String> files, List<String> conflicts,
                String why) {
        public Task {
            files = files == null ? List.of() : List.copyOf(files);
            conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
        }
    }

    /** @param stoppedAt the task whose refusal stopped the merge (nothing of it merged), or null */
    record Outcome(String session, String into, boolean dryRun, List<Task> tasks, String stoppedAt) {
        public Outcome {
            tasks = List.copyOf(tasks);
        }

        public long count(State s) {
            return tasks.stream().filter(t -> t.state() == s).count();
        }
    }
}
