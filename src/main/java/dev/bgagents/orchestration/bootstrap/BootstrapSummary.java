package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.summary.LogTail;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.ServerText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the bootstrap adds to its job's summary: one line saying what the worktree got before the
 * agent started ("Bootstrap: node_modules cloned (copy-on-write) from the checkout in 0.4 s; copied
 * .env; setup `make gen` passed (2.1 s)"), and when the setup failed, the end of its log in a fence.
 */
final class BootstrapSummary implements SummaryPart {
    /** What of a failed setup's log the summary shows. */
    private static final int TAIL_LINES = 12;
    private static final int TAIL_CHARS = 600;

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        Optional<StepRecord> setup = job.state().step(SetupStep.NAME, 0);
        List<String> said = new ArrayList<>();
        job.state().step(BootstrapStep.NAME, 0).map(StepRecord::said).ifPresent(said::add);
        setup.map(StepRecord::said).ifPresent(said::add);
        if (said.isEmpty()) {
            return;
        }
        out.own(redactor.redact("Bootstrap: " + String.join("; ", said)));
        setup.ifPresent(s -> LogTail.fenced(out, s.tail(), redactor, TAIL_LINES, TAIL_CHARS));
    }
}
