package dev.bgagents.orchestration.api;

import java.util.List;

/**
 * Bringing a finished job's branch back, never losing work. Every call is abstract: the services that
 * wrap one another (the notifier around the conflict rounds around the rooms) must each pass every
 * call on, which a default method would let them drop in silence.
 */
public interface Merging {

    /**
     * @param into          null: the branch the job started from
     * @param requireReview refuse unless the job's latest finished review approves
     * @param keep          for a best-of-N group: attempts whose worktree and branch stay when the winner is merged
     * @param resolve       on a conflict, an agent resolves it in the job's worktree and the merge is tried again;
     *                      null: as the config's "merge" says
     * @param resolver      the provider that resolves; null: the job's own, resuming its session
     */
    record Request(String jobId, String into, boolean squash, boolean dryRun, boolean cleanup, boolean requireReview,
                   List<String> keep, Boolean resolve, String resolver) {
        public Request {
            keep = keep == null ? List.of() : List.copyOf(keep);
        }

        public Request(String jobId, String into, boolean squash, boolean dryRun, boolean cleanup,
                       boolean requireReview, List<String> keep) {
            this(jobId, into, squash, dryRun, cleanup, requireReview, keep, null, null);
        }

        /** The same merge, without resolution rounds. */
        public Request plain() {
            return new Request(jobId, into, squash, dryRun, cleanup, requireReview, keep, false, null);
        }
    }

    /**
     * @param merged    the target holds the job's work now
     * @param commit    the target's new tip
     * @param refusal   why nothing was done (conflicts, your uncommitted changes), with the next step
     * @param cleanedUp what became of the worktree and branch after the merge, or null
     * @param recovered an interrupted merge this call finished first, or null
     * @param leftOut   the branch's changes under the state directory, which no merge takes
     * @param resolving  the job now resolving the conflicts in the job's worktree (the merge follows when it
     *                   ends), or null
     */
    record Outcome(String jobId, String branch, String into, boolean merged, boolean dryRun, boolean alreadyMerged,
                   String commit, boolean fastForward, boolean squashed, List<String> filesChanged,
                   List<String> conflicts, String refusal, String cleanedUp, String recovered, List<String> leftOut,
                   String resolving) {
        public Outcome {
            filesChanged = List.copyOf(filesChanged);
            conflicts = List.copyOf(conflicts);
            leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
        }

        public Outcome(String jobId, String branch, String into, boolean merged, boolean dryRun, boolean alreadyMerged,
                       String commit, boolean fastForward, boolean squashed, List<String> filesChanged,
                       List<String> conflicts, String refusal, String cleanedUp, String recovered, List<String> leftOut) {
            this(jobId, branch, into, merged, dryRun, alreadyMerged, commit, fastForward, squashed, filesChanged,
                    conflicts, refusal, cleanedUp, recovered, leftOut, null);
        }

        /** Not merged yet, its conflicts being resolved by {@code job}: no refusal, the merge follows that job. */
        public Outcome resolvingBy(String job) {
            return new Outcome(jobId, branch, into, merged, dryRun, alreadyMerged, commit, fastForward, squashed,
                    filesChanged, conflicts, null, cleanedUp, recovered, leftOut, job);
        }

        public Outcome(String jobId, String branch, String into, boolean merged, boolean dryRun, boolean alreadyMerged,
                String commit, boolean fastForward, boolean squashed, List<String> filesChanged,
                List<String> conflicts, String refusal, String cleanedUp, String recovered) {
            this(jobId, branch, into, merged, dryRun, alreadyMerged, commit, fastForward, squashed, filesChanged,
                    conflicts, refusal, cleanedUp, recovered, List.of());
        }

        /** The same outcome, saying which of the branch's state-directory changes were left out. */
        public Outcome leaving(List<String> paths) {
            return new Outcome(jobId, branch, into, merged, dryRun, alreadyMerged, commit, fastForward, squashed,
                    filesChanged, conflicts, refusal, cleanedUp, recovered, paths);
        }

        /** Merged by an earlier call, as {@code commit}. */
        public static Outcome alreadyMerged(String jobId, String branch, String into, String commit) {
            return new Outcome(jobId, branch, into, true, false, true, commit, false, false, List.of(), List.of(),
                    null, null, null);
        }

        /** A dry run, or a refusal ({@code refusal} set): nothing changed. */
        public static Outcome unchanged(String jobId, String branch, String into, boolean dryRun, boolean fastForward,
                                 List<String> files, List<String> conflicts, String refusal) {
            return new Outcome(jobId, branch, into, false, dryRun, false, null, fastForward, false, files, conflicts,
                    refusal, null, null);
        }

        /** The work is in {@code into} now, at {@code commit}. */
        public static Outcome merged(String jobId, String branch, String into, String commit, boolean fastForward,
                              boolean squashed, List<String> files, String cleanedUp) {
            return new Outcome(jobId, branch, into, true, false, false, commit, fastForward, squashed, files, List.of(),
                    null, cleanedUp, null);
        }

        public Outcome recovered(String what) {
            return what == null ? this : new Outcome(jobId, branch, into, merged, dryRun, alreadyMerged, commit,
                    fastForward, squashed, filesChanged, conflicts, refusal, cleanedUp, what, leftOut);
        }
    }

    Outcome merge(Request request);

    /** A plan's finished tasks in wave order, stopping at the first refusal (a {@link PlanMerge}). */
    PlanMerge.Outcome mergePlan(PlanMerge.Request request);

    /**
     * merge_worktree {as: "pr"}: the job's branch pushed to the configured remote and a draft pull request
     * opened on it instead of a local merge.
     *
     * @param into the branch to open it against; null: bg-agents.json's pr.base, else the branch the job started from
     */
    record PullRequestRequest(String jobId, String into) {
    }

    /**
     * A pull request opened (or found open already) for a job's branch.
     *
     * @param stackedOn the dependency whose branch it is based on (a plan's task), or null
     * @param existing  it was open already: nothing was opened now
     */
    record PullRequest(String jobId, String branch, String base, String remote, String url, String stackedOn,
                       boolean existing) {
    }

    /** Opens a pull request of a job's branch; refused in one line, nothing pushed, when it cannot be opened. */
    PullRequest openPullRequest(PullRequestRequest request);
}
