package dev.bgagents.orchestration.checks;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

import java.util.List;

/**
 * What a check adds to its job's summary: a line saying how it went ("Verified: `npm test` passed"),
 * and when it did not pass, the end of its output in a fence — the check's output, not the server's.
 */
public final class CheckSummary implements SummaryPart {
    /** What of a failing check's output the summary keeps: its last lines, within this many characters. */
    static final int TAIL_CHARS = 600;
    private static final int TAIL_LINES = 12;

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        Verification v = job.state().verification();
        if (job.spec().verify() == null || v == null || v.outcome() == null) {
            return;
        }
        String fixes = v.fixes() == 0 ? "" : ", after " + v.fixes() + (v.fixes() == 1 ? " fix" : " fixes");
        String cmd = "`" + job.spec().verify().shown() + "`";
        if (v.passed()) {
            out.own(redactor.redact("Verified: " + cmd + " passed (" + v.seconds() + " s" + fixes + ")"));
            return;
        }
        String how = switch (v.outcome()) {
            case Verification.TIMED_OUT -> "timed out";
            case Verification.NOT_RUN -> "could not run";
            default -> "exited " + v.exitCode();
        };
        out.own(redactor.redact("Verify: " + cmd + " " + how + " (" + v.seconds() + " s" + fixes + ")"));
        if (v.tail() != null && !v.tail().isBlank()) {
            List<String> lines = Printable.text(redactor.redact(v.tail())).strip().lines().toList();
            String last = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            if (last.length() > TAIL_CHARS) {
                last = "…" + last.substring(last.length() - TAIL_CHARS + 1);
            }
            out.own("```").add(last.replace("```", "'''") + "\n").own("```");
        }
    }
}
