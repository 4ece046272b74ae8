package dev.bgagents.orchestration.delivery;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.ServerText;

/** A delivered job's line in its summary: its pull request, or why it has none. */
public final class DeliverySummary implements SummaryPart {
    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        var url = PullRequests.opened(job);
        if (url.isPresent()) {
            out.own("Pull request: " + url.get());
        } else if (JobSpec.PULL_REQUEST.equals(job.spec().deliver()) && job.status().isTerminal()
                && job.state().steps().stream().noneMatch(s -> s.name().equals(PullRequests.STEP))) {
            out.own("Pull request: none, the job " + (job.status() == JobStatus.SUCCEEDED ? "made no branch"
                    : "did not pass") + ".");
        }
    }

    @Override
    public String next(Job job) {
        return PullRequests.opened(job).map(u -> "review the draft pull request: " + u).orElse(null);
    }
}
