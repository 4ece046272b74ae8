package dev.bgagents.orchestration.conflicts;

import dev.bgagents.git.ConflictMerge;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;

import java.nio.file.Files;

/**
 * After each agent round of a job resolving a conflict, before its work is sealed: what the agent
 * left is judged from the main repository — the branch must hold the merge of the target, committed,
 * with no conflict marker in the files that conflicted. Whatever it left uncommitted is committed
 * here as it stands (markers and all, never lost), and the round does not count.
 */
final class ResolutionStep implements JobStep {
    static final String NAME = "resolution";
    static final String RESOLVED = "resolved";
    private final Conflicts conflicts;

    ResolutionStep(Conflicts conflicts) {
        this.conflicts = conflicts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return conflicts.resolving(job);
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        Resolution r = conflicts.of(job);
        Workspace w = job.workspace();
        Outcome so = run.soFar();
        if (!Files.isDirectory(w.path())) {
            return Outcome.of(JobStatus.FAILED, "the worktree " + w.path() + " is gone", "no worktree");
        }
        try {
            // whatever the agent did to it, the worktree's .git names its own git directory again
            ConflictMerge.relink(w);
            boolean uncommitted = ConflictMerge.uncommitted(w);
            if (uncommitted) {
                ConflictMerge.commitAll(w, "bg-agents: what conflict round " + r.round() + " left uncommitted\n\n"
                        + "Job " + job.id() + " (" + job.spec().provider() + ") did not commit it.");
            }
            if (so.status() != JobStatus.SUCCEEDED) {
                return so.saying(uncommitted ? "left uncommitted" : so.status().wire());
            }
            if (uncommitted) {
                return Outcome.of(JobStatus.FAILED, "the agent did not commit the merge (bg-agents committed what "
                        + "it left)" + markers(w, r), "not committed");
            }
            String why = ConflictMerge.unresolved(w, r.target(), r.conflicts());
            return why == null ? so.saying(RESOLVED) : Outcome.of(JobStatus.FAILED, why, "unresolved");
        } catch (GitException e) {
            return Outcome.of(JobStatus.FAILED, "cannot read the resolution: " + e.getMessage(), "error");
        }
    }

    private static String markers(Workspace w, Resolution r) throws GitException {
        String why = ConflictMerge.unresolved(w, r.target(), r.conflicts());
        return why == null ? "" : "; " + why;
    }
}
