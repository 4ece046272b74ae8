package dev.bgagents.orchestration.delivery;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;

import java.time.Instant;

/**
 * After the agent and its check, for a job spawned with {@code deliver: "pr"}: its branch pushed and a
 * draft pull request opened, its URL in the record. Only a job that passed gets one; one that could not
 * be opened fails the job saying why, its work on its branch for merge_worktree {as: "pr"} to try again.
 */
public final class DeliverStep implements JobStep {
    private final PullRequests pullRequests;

    public DeliverStep(PullRequests pullRequests) {
        this.pullRequests = pullRequests;
    }

    @Override
    public String name() {
        return PullRequests.STEP;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return JobSpec.PULL_REQUEST.equals(job.spec().deliver()) && job.workspace() != null
                && soFar.status() == JobStatus.SUCCEEDED;
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        // its summary as it will read once ended: that is the pull request's body
        Job ended = new Job(job.spec(), job.state().ended(JobStatus.SUCCEEDED, job.state().exitCode(), null,
                Instant.now()), job.report(), job.workspace());
        try {
            String url = pullRequests.open(ended, null).url();
            return run.soFar().saying(PullRequests.OPENED).detailed(url);
        } catch (Refusal e) {
            return failed(e.getMessage());
        }
    }

    @Override
    public Outcome resumed(Job job, Outcome soFar) {
        return job.state().steps().stream().filter(s -> s.name().equals(PullRequests.STEP)).reduce((a, b) -> b)
                .filter(s -> PullRequests.NOT_OPENED.equals(s.outcome())).map(StepRecord::said).map(this::failed)
                .orElse(soFar);
    }

    private Outcome failed(String why) {
        return Outcome.of(JobStatus.FAILED, "its work passed, but no pull request was opened: " + why,
                PullRequests.NOT_OPENED).detailed(why);
    }
}
