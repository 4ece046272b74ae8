package dev.bgagents.orchestration.conflicts;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

/**
 * A resolution job's lines in its summary: under the title, whether the merge landed (its commit) or
 * was finally refused, in how many rounds of how many; after the reason, one line per round; and the
 * next step. Paths in them are the agent's choice, so they are shown on one line each.
 */
final class ConflictSummary implements SummaryPart {
    private static final int LINE_CHARS = 300;
    private final JobStore store;

    ConflictSummary(JobStore store) {
        this.store = store;
    }

    @Override
    public void underTitle(Job job, Redactor redactor, ServerText out) {
        Resolution r = Resolution.read(store.files(job.id()));
        if (r == null || !job.status().isTerminal()) {
            return;
        }
        int took = Math.max(1, r.history().size());
        String rounds = took + " of " + r.rounds() + " conflict round" + (r.rounds() == 1 ? "" : "s");
        out.own(r.landed() != null
                ? "Merged " + r.branch() + " into " + r.into() + " as " + r.landed().substring(0, 7) + " after " + rounds
                : "Not merged into " + r.into() + " after " + rounds);
    }

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        Resolution r = Resolution.read(store.files(job.id()));
        // one round that landed says all in the line under the title
        if (r == null || r.landed() != null && r.history().size() == 1) {
            return;
        }
        r.history().forEach(l -> out.own("- " + Clip.oneLine(Printable.text(redactor.redact(l)), LINE_CHARS)));
    }

    @Override
    public String next(Job job) {
        Resolution r = Resolution.read(store.files(job.id()));
        if (r == null || !job.status().isTerminal()) {
            return null;
        }
        if (r.landed() != null) {
            return "nothing to merge: " + r.author() + "'s work is in " + r.into();
        }
        return "resolve by hand in " + job.workspace().path() + " (merge " + r.into() + " into " + r.branch()
                + ") then merge_worktree {job_id: \"" + r.author() + "\"}, or ask again with resolve: true";
    }
}
