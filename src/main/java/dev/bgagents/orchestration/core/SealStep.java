package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;

import java.util.List;

/**
 * After every agent round of a job with a worktree: what the agent left uncommitted is committed
 * on the job's branch and the branch's commits and diffstat recorded — before its check (which
 * then sees the work as committed, and whose own output stays out of the branch) and before its
 * end is on record. An agent that ran unconfined ({@code full}) is also asked after: what changed in the
 * person's checkout while it ran ({@link OutsideChanges}).
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
        Outcome said = run.soFar().saying(sealed.commits().isEmpty() ? "no commits" : sealed.commits().size() + " commits");
        List<String> outside = OutsideChanges.since(run.job(), run.files());
        return outside.isEmpty() ? said : said.detailed(OutsideChanges.detail(outside));
    }
}
