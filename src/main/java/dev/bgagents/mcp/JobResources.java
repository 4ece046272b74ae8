package dev.bgagents.mcp;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.summary.SummaryRenderer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each job as MCP resources: {@code bg-agents://jobs/<id>/summary} (the summary markdown) and
 * {@code bg-agents://jobs/<id>/log} (the tail of its raw output). A host can subscribe to a
 * summary and is told when the job ends.
 */
final class JobResources {
    static final int LOG_TAIL_BYTES = 8 * 1024;
    private static final Pattern URI = Pattern.compile("bg-agents://jobs/([^/]+)/(summary|log)");

    private JobResources() {
    }

    static String summaryUri(String jobId) {
        return "bg-agents://jobs/" + jobId + "/summary";
    }

    static List<McpServerFeatures.SyncResourceTemplateSpecification> templates(ServerContext ctx) {
        return List.of(
                template(ctx, "bg-agents://jobs/{job_id}/summary", "job-summary", "A job's summary",
                        "Outcome, final message, changes, errors and cost of a job, as markdown; subscribe to be "
                                + "told when the job ends.", "text/markdown"),
                template(ctx, "bg-agents://jobs/{job_id}/log", "job-log", "A job's output (tail)",
                        "The last 8 KB of the agent's raw output, secrets masked.", "text/plain"));
    }

    private static McpServerFeatures.SyncResourceTemplateSpecification template(ServerContext ctx, String uri,
            String name, String title, String description, String mime) {
        McpSchema.ResourceTemplate t = McpSchema.ResourceTemplate.builder(uri, name).title(title)
                .description(description).mimeType(mime).build();
        return new McpServerFeatures.SyncResourceTemplateSpecification(t, (exchange, request) -> read(ctx, request.uri()));
    }

    static McpSchema.ReadResourceResult read(ServerContext ctx, String uri) {
        Matcher m = URI.matcher(uri);
        if (!m.matches() || !JobStore.ID.matcher(m.group(1)).matches()) {
            throw new IllegalArgumentException("unknown resource " + uri + ": use bg-agents://jobs/<job_id>/summary or /log");
        }
        Job job = ctx.store().get(m.group(1)).orElseThrow(() ->
                new IllegalArgumentException("unknown job " + m.group(1) + ": job_status lists the jobs"));
        String text;
        String mime;
        if (m.group(2).equals("summary")) {
            text = SummaryRenderer.render(job, SummaryRenderer.DEFAULT_MAX_CHARS * 4, Instant.now(), ctx.redactor());
            mime = "text/markdown";
        } else {
            text = ctx.redactor().redact(tail(ctx, job));
            mime = "text/plain";
        }
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, mime, text)));
    }

    private static String tail(ServerContext ctx, Job job) {
        try (RandomAccessFile f = new RandomAccessFile(ctx.store().files(job.id()).stdout().toFile(), "r")) {
            long start = Math.max(0, f.length() - LOG_TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
