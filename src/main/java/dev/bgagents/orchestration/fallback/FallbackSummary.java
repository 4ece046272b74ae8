package dev.bgagents.orchestration.fallback;

import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryRenderer;

import dev.bgagents.orchestration.core.Summaries;

import dev.bgagents.jobs.Job;
import dev.bgagents.text.Clip;

import java.util.List;

/**
 * The summary of a job whose task went on to other providers: one line per attempt that failed
 * for its provider (why it moved on), then the last job's own summary — the result kept — in
 * what the budget leaves.
 */
final class FallbackSummary {
    private FallbackSummary() {
    }

    /** {@code chain}: the first job first, the kept (or still active) job last; at least two. */
    static String render(List<Job> chain, int maxChars, Summaries summaries) {
        Redactor redactor = summaries.redactor();
        Job kept = chain.get(chain.size() - 1);
        StringBuilder head = new StringBuilder("Fallback: ");
        for (Job j : chain.subList(0, chain.size() - 1)) {
            // the kind of trouble is enough here: the CLI's own words are in that job's summary
            String why = redactor.redact(String.valueOf(j.state().reason()));
            int words = why.indexOf(" — ");
            head.append(j.id()).append(" (").append(j.spec().provider()).append(") failed: ")
                    .append(Clip.oneLine(words > 0 ? why.substring(0, words) : why, 90)).append(" → ");
        }
        head.append(kept.id()).append(" (").append(kept.spec().provider()).append(") ").append(kept.status().wire())
                .append(kept.status().isTerminal() ? ". Kept " + kept.id() + ":\n" : ": wait on " + chain.get(0).id()
                        + " again.\n");
        String headText = Clip.oneLine(head.toString(), Math.max(80, maxChars / 2)) + "\n";
        int left = Math.max(SummaryRenderer.MIN_MAX_CHARS, maxChars - headText.length());
        String body = summaries.of(kept, left);
        String md = headText + body;
        return md.length() <= maxChars ? md : md.substring(0, maxChars);
    }
}
