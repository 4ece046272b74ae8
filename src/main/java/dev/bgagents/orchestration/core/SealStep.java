package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;

/**
 * After every agent round of a job with a worktree: what the agent left uncommitted is committed
 * on the job's branch and the branch's commits and diffstat recorded — before its check (which
 * then sees the work as committed, and whose own output stays out of the branch) and before its
 * end is on record.
 */
public final class SealStep implements JobStep {
    static final String NAME = "seal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return job.workspace() != null;
    }

    @Override
    public Outcome run(StepRun run) {
        var sealed = WorkspaceProvisioner.seal(run.job());
        run.updateWorkspace(w -> sealed);
        return run.soFar().saying(sealed.commits().isEmpty() ? "no commits" : sealed.commits().size() + " commits");
    }
}
