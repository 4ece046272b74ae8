package dev.bgagents.orchestration.review;

import dev.bgagents.jobs.Job;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.ServerText;

/**
 * What a review adds to its own summary: the verdict and findings under the title, in place of the
 * final message they come from, and the next step the verdict calls for — merge with
 * require_review, resume the author with the findings, or review again.
 */
public final class ReviewSummary implements SummaryPart {
    @Override
    public void underTitle(Job job, Redactor redactor, ServerText out) {
        ReviewVerdict.of(job).ifPresent(v -> redactor.redact(v.render(job.spec().relations().reviewOf())).lines()
                .forEach(out::own));
    }

    @Override
    public boolean coversFinalMessage(Job job) {
        return ReviewVerdict.of(job).map(v -> v.verdict() != ReviewVerdict.Verdict.NONE).orElse(false);
    }

    @Override
    public String next(Job job) {
        String author = job.spec().relations().reviewOf();
        if (author == null || !job.status().isTerminal()) {
            return null;
        }
        ReviewVerdict v = ReviewVerdict.of(job).orElseThrow();
        return v.approves() ? "merge_worktree {job_id: \"" + author + "\", require_review: true}."
                : v.verdict() == ReviewVerdict.Verdict.CHANGES ? "resume_session {job_id: \"" + author
                + "\", prompt: \"Fix these review findings: …\"}, then spawn_agent {review_of: \"" + author + "\"}."
                : "spawn_agent {review_of: \"" + author + "\"} to review again (no verdict is no approval).";
    }
}
