package dev.bgagents.summary;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;
import dev.bgagents.agents.CommandRun;
import dev.bgagents.agents.Usage;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.git.Workspace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The markdown a host reads instead of an agent's log: outcome and reason first, then the
 * agent's final message trimmed to what the budget leaves, files written, commands and their
 * exit codes, errors, usage and the session id. Never longer than {@code maxChars}.
 */
public final class SummaryRenderer {
    public static final int DEFAULT_MAX_CHARS = 1500;
    public static final int MIN_MAX_CHARS = 200;
    private static final int MAX_LIST_ITEMS = 12;

    private SummaryRenderer() {
    }

    /**
     * The summary with every secret {@code redactor} knows masked — before trimming, so no half-secret
     * shows. What the agent wrote is escaped and quoted where it could pass for the summary's own lines.
     * {@code parts} add what features say of their jobs (a review's verdict, a check's outcome).
     */
    public static String render(Job job, int maxChars, Instant now, Redactor redactor, SummaryPart parts) {
        AgentReport r = job.report();
        ServerText head = new ServerText().own("## " + job.id() + ": " + job.status().wire() + " ("
                + job.spec().provider() + ", " + job.elapsedSeconds(now) + " s)");
        parts.underTitle(job, redactor, head);
        if (job.state().reason() != null) {
            head.own("Reason: " + Clip.oneLine(redactor.redact(job.state().reason()), 300));
        }
        parts.afterReason(job, redactor, head);
        if (job.state().noPorts() != null) {
            head.own("Ports: none, $PORT unset: " + Clip.oneLine(job.state().noPorts(), 300));
        }
        List<String> tailParts = new ArrayList<>();
        Workspace w = job.workspace();
        if (w != null) {
            tailParts.add("Branch: " + w.branch() + " (" + w.commits().size() + " commit"
                    + (w.commits().size() == 1 ? "" : "s") + " on " + Clip.oneLine(w.baseCommit(), 7)
                    + (w.mergeCommit() != null ? "; merged into " + w.mergedInto() : "") + ")");
            if (!w.diffstat().isEmpty()) {
                tailParts.add("Changes: " + list(w.diffstat()));
            }
        }
        if (r != null) {
            String files = list(relative(r.filesChanged(), job.spec().workdir()));
            if (!files.isEmpty() && (w == null || w.diffstat().isEmpty())) {
                tailParts.add("Files written: " + files);
            }
            String commands = commands(r.commands());
            if (!commands.isEmpty()) {
                tailParts.add("Commands: " + commands);
            }
            // an error the reason already quotes is not said twice
            String reason = job.state().reason() == null ? "" : job.state().reason();
            List<String> errors = r.errors().stream().map(e -> Clip.oneLine(e, 160)).filter(e -> !reason.contains(e)).toList();
            if (!errors.isEmpty()) {
                tailParts.add("Errors: " + list(errors));
            }
            String usage = usage(r.usage(), r.turns());
            if (!usage.isEmpty()) {
                tailParts.add("Usage: " + usage);
            }
        }
        String session = job.state().sessionId() != null ? job.state().sessionId() : r == null ? null : r.sessionId();
        if (session != null) {
            tailParts.add("Session: " + Printable.line(session));
        }
        String next = parts.next(job);
        tailParts.add("Next: " + (next != null ? next : nextStep(job)));
        ServerText tail = new ServerText();
        tailParts.forEach(part -> tail.own(redactor.redact(part)));

        String message = r == null ? null : ServerText.quote(redactor.redact(r.finalMessage()));
        ServerText body = new ServerText();
        if (parts.coversFinalMessage(job)) {
            body.own("Whole answer: read_summary section=final");
        } else if (message != null && !message.isBlank()) {
            int room = maxChars - head.length() - tail.length() - "Final message:\n\n".length();
            body.own("Final message:").add(trimmed(message.strip(), room) + "\n");
        } else if (job.status().isTerminal()) {
            body.own("Final message: (none)");
        }
        String all = new ServerText().add(head).add(body).add(tail).text();
        return all.length() <= maxChars ? all : all.substring(0, Math.max(0, maxChars - 1)) + "…";
    }

    /** Keeps the head of a message and says how much was left out. */
    public static String trimmed(String message, int room) {
        if (message.length() <= room) {
            return message;
        }
        String marker = "\n… (%d more characters: read_summary with section=final)";
        int keep = Math.max(0, room - String.format(marker, message.length()).length());
        return message.substring(0, keep) + String.format(marker, message.length() - keep);
    }

    private static String nextStep(Job job) {
        JobStatus s = job.status();
        return switch (s) {
            case SUCCEEDED -> job.workspace() == null ? "review the changes in " + job.spec().workdir() + "."
                    : job.workspace().mergeCommit() != null ? "nothing; the work is merged."
                    : job.workspace().diffstat().isEmpty() ? "nothing to merge; the job changed no files."
                    : "merge_worktree {job_id: \"" + job.id() + "\"} (dry_run: true checks first).";
            case FAILED -> job.state().sessionId() != null
                    ? "resume_session {job_id: \"" + job.id() + "\", prompt: \"<what to fix>\"}, or fix the cause and spawn again."
                    : "fix the cause above and spawn again.";
            case TIMED_OUT -> job.state().sessionId() != null
                    ? "resume_session {job_id: \"" + job.id() + "\", prompt: \"Continue: <what remains>\"}, or spawn a narrower task."
                    : "spawn again with a narrower task or a larger timeout_minutes.";
            case CANCELLED -> "nothing; the job was cancelled.";
            case LOST -> "check the working tree for partial changes, then spawn again.";
            case QUEUED, RUNNING, WAITING -> "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}.";
        };
    }

    private static List<String> relative(List<String> paths, String workdir) {
        String prefix = workdir.endsWith("/") ? workdir : workdir + "/";
        // a quoted name (Printable.name) is relative once its quote is moved past the prefix
        return paths.stream().map(p -> p.startsWith(prefix) ? p.substring(prefix.length())
                : p.startsWith("\"" + prefix) ? "\"" + p.substring(prefix.length() + 1) : p).toList();
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        List<String> shown = items.subList(0, Math.min(items.size(), MAX_LIST_ITEMS));
        String s = String.join(", ", shown);
        return items.size() > shown.size() ? s + " (+" + (items.size() - shown.size()) + " more)" : s;
    }

    private static String commands(List<CommandRun> runs) {
        List<String> items = runs.stream().map(c -> "`" + Clip.oneLine(c.command(), 60) + "`"
                + (c.exitCode() != null ? " → " + c.exitCode() : c.failed() ? " → failed" : "")).toList();
        return list(items);
    }

    private static String usage(Usage u, Integer turns) {
        List<String> parts = new ArrayList<>();
        if (u.inputTokens() != null || u.outputTokens() != null) {
            parts.add(n(u.inputTokens()) + " in / " + n(u.outputTokens()) + " out tokens");
        }
        if (u.costUsd() != null) {
            parts.add(String.format(Locale.ROOT, "$%.4f", u.costUsd()));
        }
        if (turns != null) {
            parts.add(turns + " turns");
        }
        return String.join(", ", parts);
    }

    private static String n(Long v) {
        return v == null ? "?" : Long.toString(v);
    }
}
