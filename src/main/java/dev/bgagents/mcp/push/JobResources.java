package dev.bgagents.mcp.push;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.StateFiles;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryRenderer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each job as MCP resources: {@code bg-agents://jobs/<id>/summary} (the summary markdown) and
 * {@code bg-agents://jobs/<id>/log} (the tail of its raw output). A host can subscribe to a
 * summary and is told when the job ends.
 */
public final class JobResources {
    static final int LOG_TAIL_BYTES = 8 * 1024;
    private static final Pattern URI = Pattern.compile("bg-agents://jobs/([^/]+)/(summary|log)");

    private final JobStore store;
    private final Redactor redactor;

    private final Summarizing summaries;

    public JobResources(JobStore store, Redactor redactor, Summarizing summaries) {
        this.summaries = summaries;
        this.store = store;
        this.redactor = redactor;
    }

    static String summaryUri(String jobId) {
        return "bg-agents://jobs/" + jobId + "/summary";
    }

    public List<McpServerFeatures.SyncResourceTemplateSpecification> templates() {
        return List.of(
                template("bg-agents://jobs/{job_id}/summary", "job-summary", "A job's summary",
                        "Outcome, final message, changes, errors and cost of a job, as markdown; subscribe to be "
                                + "told when the job ends.", "text/markdown"),
                template("bg-agents://jobs/{job_id}/log", "job-log", "A job's output (tail)",
                        "The last 8 KB of the agent's raw output, secrets masked.", "text/plain"));
    }

    private McpServerFeatures.SyncResourceTemplateSpecification template(String uri, String name, String title,
                                                                          String description, String mime) {
        McpSchema.ResourceTemplate t = McpSchema.ResourceTemplate.builder(uri, name).title(title)
                .description(description).mimeType(mime).build();
        return new McpServerFeatures.SyncResourceTemplateSpecification(t, (exchange, request) -> read(request.uri()));
    }

    public McpSchema.ReadResourceResult read(String uri) {
        Matcher m = URI.matcher(uri);
        if (!m.matches() || !JobStore.ID.matcher(m.group(1)).matches()) {
            throw new IllegalArgumentException("unknown resource " + uri + ": use bg-agents://jobs/<job_id>/summary or /log");
        }
        Job job = store.get(m.group(1)).orElseThrow(() ->
                new IllegalArgumentException("unknown job " + m.group(1) + ": job_status lists the jobs"));
        String text;
        String mime;
        if (m.group(2).equals("summary")) {
            text = summaries.markdown(job, SummaryRenderer.DEFAULT_MAX_CHARS * 4);
            mime = "text/markdown";
        } else {
            text = redactor.redact(StateFiles.tail(store.files(job.id()).stdout(), LOG_TAIL_BYTES));
            mime = "text/plain";
        }
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, mime, text)));
    }
}
