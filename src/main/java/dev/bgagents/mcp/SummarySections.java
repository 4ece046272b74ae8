package dev.bgagents.mcp;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.CommandRun;
import dev.bgagents.git.BranchReport;
import dev.bgagents.git.GitException;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.JobDir;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * read_summary's drill-down: one section of a job's full detail, a page at a time, so the host
 * reads exactly as much as it decides to and never a whole log.
 */
final class SummarySections {
    /** The most of a diff ever assembled for paging. */
    static final int MAX_DIFF_BYTES = 8 * 1024 * 1024;

    private SummarySections() {
    }

    static McpSchema.CallToolResult page(ServerContext ctx, Job job, String section, int offset, int max) {
        JobDir files = ctx.store().files(job.id());
        if (section.equals("log")) {
            return logPage(ctx, job, files.stdout(), offset, max);
        }
        String whole = ctx.redactor().redact(text(ctx, job, files, section));
        int from = Math.min(offset, whole.length());
        int to = Math.min(whole.length(), from + max);
        String head = "### " + section + " of " + job.id() + ": characters " + from + "–" + to + " of "
                + whole.length() + "\n";
        String footer = to < whole.length() ? "\n(more: section=" + section + " offset=" + to + ")" : "";
        return answer(job, section, head + whole.substring(from, to) + footer, from, to, whole.length());
    }

    private static String text(ServerContext ctx, Job job, JobDir files, String section) {
        AgentReport r = job.report();
        return switch (section) {
            case "final" -> r == null || r.finalMessage() == null ? "(no final message yet)" : r.finalMessage();
            case "commands" -> r == null || r.commands().isEmpty() ? "(no commands recorded)"
                    : r.commands().stream().map(SummarySections::command).collect(Collectors.joining("\n"));
            case "errors" -> errors(job, files);
            case "diff" -> diff(job);
            default -> throw new BadInput("unknown section " + section);
        };
    }

    private static String command(CommandRun c) {
        return "$ " + c.command() + "  → " + (c.exitCode() != null ? "exit " + c.exitCode() : c.failed() ? "failed" : "?");
    }

    private static String errors(Job job, JobDir files) {
        StringBuilder b = new StringBuilder();
        if (job.state().reason() != null) {
            b.append("reason: ").append(job.state().reason()).append('\n');
        }
        if (job.report() != null) {
            job.report().errors().forEach(e -> b.append("error: ").append(e).append('\n'));
        }
        String stderr = tail(files.stderr(), 8192);
        if (!stderr.isBlank()) {
            b.append("stderr (last 8 KB):\n").append(stderr);
        }
        return b.length() == 0 ? "(no errors)" : b.toString();
    }

    private static String diff(Job job) {
        if (job.workspace() == null) {
            return "(no diff: the job ran in place in " + job.spec().workdir() + "; use git there)";
        }
        if (job.workspace().baseCommit() == null) {
            return "(no diff: " + job.id() + " has not started yet, or never did)";
        }
        try {
            String patch = BranchReport.patch(Path.of(job.workspace().repo()), job.workspace().baseCommit(),
                    job.workspace().branch(), MAX_DIFF_BYTES);
            return patch.isEmpty() ? "(no changes on " + job.workspace().branch() + ")" : patch;
        } catch (GitException e) {
            return "(no diff: " + e.getMessage() + ")";
        }
    }

    private static McpSchema.CallToolResult logPage(ServerContext ctx, Job job, Path stdout, int offset, int max) {
        try (RandomAccessFile f = new RandomAccessFile(stdout.toFile(), "r")) {
            long size = f.length();
            long from = Math.min(offset, size);
            byte[] b = new byte[(int) Math.min(max, size - from)];
            f.seek(from);
            f.readFully(b);
            long to = from + b.length;
            String head = "### log of " + job.id() + ": bytes " + from + "–" + to + " of " + size + "\n";
            String footer = to < size ? "\n(more: section=log offset=" + to + ")" : "";
            return answer(job, "log", head + ctx.redactor().redact(new String(b, StandardCharsets.UTF_8)) + footer,
                    from, to, size);
        } catch (IOException e) {
            return answer(job, "log", "(no output yet)", 0, 0, 0);
        }
    }

    private static String tail(Path file, int bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - bytes);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static McpSchema.CallToolResult answer(Job job, String section, String text, long from, long to, long total) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("status", job.status().wire());
        s.put("section", section);
        s.put("offset", from);
        s.put("next_offset", to < total ? to : null);
        s.put("total", total);
        return Answers.ok(text, s);
    }
}
