package dev.bgagents.orchestration;

import java.util.List;

/** Bringing a finished job's branch back, never losing work. */
public interface Merging {

    /** @param into null: the branch the job started from */
    record Request(String jobId, String into, boolean squash, boolean dryRun, boolean cleanup) {
    }

    /**
     * @param merged    the target holds the job's work now
     * @param commit    the target's new tip
     * @param refusal   why nothing was done (conflicts, your uncommitted changes), with the next step
     * @param cleanedUp what became of the worktree and branch after the merge, or null
     */
    record Outcome(String jobId, String branch, String into, boolean merged, boolean dryRun, boolean alreadyMerged,
                   String commit, boolean fastForward, boolean squashed, List<String> filesChanged,
                   List<String> conflicts, String refusal, String cleanedUp) {
        public Outcome {
            filesChanged = List.copyOf(filesChanged);
            conflicts = List.copyOf(conflicts);
        }
    }

    Outcome merge(Request request);
}
