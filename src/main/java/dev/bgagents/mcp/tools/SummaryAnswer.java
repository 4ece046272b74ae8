package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.Summarizing;

import java.util.LinkedHashMap;
import java.util.Map;

/** A job's summary, or one page of its detail, as the host receives it — from read_summary or as a task's result. */
public final class SummaryAnswer {
    private SummaryAnswer() {
    }

    public static Answer of(Summarizing.Summary summary) {
        Job job = summary.job();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("status", job.status().wire());
        // the markdown says it all: a host that shows only this part must read it whole
        s.put("summary", summary.markdown());
        return Answer.of(summary.markdown(), s);
    }

    public static Answer of(Summarizing.Page page) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", page.job().id());
        s.put("status", page.job().status().wire());
        s.put("section", page.section().wire());
        s.put("offset", page.offset());
        s.put("next_offset", page.nextOffset());
        s.put("total", page.total());
        s.put("text", page.text());
        return Answer.of(page.text(), s);
    }
}
