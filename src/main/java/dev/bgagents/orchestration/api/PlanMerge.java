package dev.bgagents.orchestration.api;

import java.util.List;

/** merge_worktree {session}: a plan's finished tasks merged in wave order in one call, or forecast. */
public interface PlanMerge {

    /**
     * @param into    null: each task's own base branch
     * @param resolve a task whose merge conflicts gets conflict rounds, and the rest of the plan merges once it
     *                lands; null: the config's merge.resolve
     */
    record Request(String session, String into, boolean squash, boolean dryRun, boolean cleanup, boolean requireReview,
                   Boolean resolve) {
        public Request(String session, String into, boolean squash, boolean dryRun, boolean cleanup,
                       boolean requireReview) {
            this(session, into, squash, dryRun, cleanup, requireReview, null);
        }
    }

    /** What became of one task. */
    enum State {
        MERGED, ALREADY_MERGED, WOULD_MERGE, WOULD_CONFLICT, NOT_MERGEABLE, REFUSED, RESOLVING, SKIPPED, NOT_TRIED;

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

    /**
     * @param stoppedAt the task whose refusal stopped the merge (nothing of it merged), or null
     * @param resolving the job resolving {@code stoppedAt}'s conflicts, after which the rest merges; or null
     */
    record Outcome(String session, String into, boolean dryRun, List<Task> tasks, String stoppedAt, String resolving) {
        public Outcome {
            tasks = List.copyOf(tasks);
        }

        public Outcome(String session, String into, boolean dryRun, List<Task> tasks, String stoppedAt) {
            this(session, into, dryRun, tasks, stoppedAt, null);
        }

        /** The same, {@code stoppedAt}'s conflicts being resolved by {@code job}. */
        public Outcome resolvedBy(String job) {
            List<Task> now = tasks.stream().map(t -> !t.stem().equals(stoppedAt) ? t : new Task(t.stem(), t.jobId(),
                    State.RESOLVING, null, t.files(), t.conflicts(), job + " resolves them")).toList();
            return new Outcome(session, into, false, now, stoppedAt, job);
        }

        public long count(State s) {
            return tasks.stream().filter(t -> t.state() == s).count();
        }
    }
}
