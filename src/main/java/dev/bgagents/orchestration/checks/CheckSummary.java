package dev.bgagents.orchestration.checks;

import dev.bgagents.jobs.BaseVerdict;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

/**
 * What a check adds to its job's summary: a line saying how it went ("Verified: `npm test` passed"),
 * and when it did not pass, how it went on the job's base and the end of its output in a fence —
 * the check's output, not the server's. A check that fails on the base too is not the job's
 * doing: its line says so, and only the lines of its output that name the job's files are quoted.
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
        int n = CheckStep.fixes(job, v);
        String fixes = n == 0 ? "" : ", after " + n + (n == 1 ? " fix" : " fixes");
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
        out.own(redactor.redact("Verify: " + cmd + " " + how + " (" + v.seconds() + " s" + fixes + ")" + onBase(v.base())));
        if (v.tail() == null || v.tail().isBlank()) {
            return;
        }
        TailLines tails = TailLines.of(job);
        String text = Printable.text(redactor.redact(v.tail()));
        // on a base where it fails too, the rest is the base's noise: only the job's own lines may matter
        String quoted = v.failsOnBase() ? tails.pick(tails.naming(text), TAIL_LINES, TAIL_CHARS)
                : tails.pick(text, TAIL_LINES, TAIL_CHARS);
        if (!quoted.isBlank()) {
            out.own("```").add(quoted.replace("```", "'''") + "\n").own("```");
        }
    }

    /** How the check went on the job's base, after the line's end; nothing when it was not asked. */
    private static String onBase(BaseVerdict base) {
        if (base == null) {
            return "";
        }
        if (base.failed()) {
            return " — it fails on the base (" + base.shortCommit() + ") too; not this job's doing";
        }
        if (base.passed()) {
            return " — it passes on the base (" + base.shortCommit() + ")";
        }
        return " — not judged against the base (" + base.shortCommit() + "): " + Clip.oneLine(base.why(), 160);
    }
}
