package dev.bgagents.orchestration.api;

import java.util.List;

/** Bringing a finished job's branch back, never losing work. */
public interface Merging {

    /**
     * @param into          null: the branch the job started from
     * @param requireReview refuse unless the job's latest finished review approves
     * @param keep          for a best-of-N group: attempts whose worktree and branch stay when the winner is merged
     */
    record Request(String jobId, String into, boolean squash, boolean dryRun, boolean cleanup, boolean requireReview,
                   List<String> keep) {
        public Request {
            keep = keep == null ? List.of() : List.copyOf(keep);
        }
    }

    /**
     * @param merged    the target holds the job's work now
     * @param commit    the target's new tip
     * @param refusal   why nothing was done (conflicts, your uncommitted changes), with the next step
     * @param cleanedUp what became of the worktree and branch after the merge, or null
     * @param recovered an interrupted merge this call finished first, or null
     * @param leftOut   the branch's changes under the state directory, which no merge takes
     */
    record Outcome(String jobId, String branch, String into, boolean merged, boolean dryRun, boolean alreadyMerged,
                   String commit, boolean fastForward, boolean squashed, List<String> filesChanged,
                   List<String> conflicts, String refusal, String cleanedUp, String recovered, List<String> leftOut) {
        public Outcome {
            filesChanged = List.copyOf(filesChanged);
            conflicts = List.copyOf(conflicts);
            leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
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
    default PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
        throw new Refusal("plan sessions are not merged here: pass a job_id");
    }
}
