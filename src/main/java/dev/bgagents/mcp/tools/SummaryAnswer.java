package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.api.Summarizing;

import java.util.Optional;

/** A job's summary, or one page of its detail, as the host receives it — from read_summary or as a task's result. */
public final class SummaryAnswer {
    private SummaryAnswer() {
    }

    public static Answer of(Summarizing.Summary summary) {
        Job job = summary.job();
        // the markdown says it all: a host that shows only this part must read it whole
        return Answer.of(summary.markdown(), new ReadSummaryTool.Output(job.id(), job.status(), null,
                summary.markdown(), null, null, null, null, null));
    }

    public static Answer of(Summarizing.Page page) {
        return Answer.of(page.text(), new ReadSummaryTool.Output(page.job().id(), page.job().status(), null, null,
                page.section().wire(), page.text(), page.offset(), Optional.ofNullable(page.nextOffset()),
                page.total()));
    }
}
