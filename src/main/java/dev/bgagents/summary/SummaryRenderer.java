package dev.bgagents.summary;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.text.Clip;
import dev.bgagents.agents.CommandRun;
import dev.bgagents.agents.Usage;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
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

    /** The summary with every secret {@code redactor} knows masked — before trimming, so no half-secret shows. */
    public static String render(Job job, int maxChars, Instant now, Redactor redactor) {
        AgentReport r = job.report();
        StringBuilder head = new StringBuilder();
        head.append("## ").append(job.id()).append(": ").append(job.status().wire())
                .append(" (").append(job.spec().provider()).append(", ").append(job.elapsedSeconds(now)).append(" s)\n");
        ReviewVerdict verdict = ReviewVerdict.of(job).orElse(null);
        if (verdict != null) {
            head.append(redactor.redact(verdict.render(job.spec().reviewOf())));
        }
        if (job.state().reason() != null) {
            head.append("Reason: ").append(Clip.oneLine(redactor.redact(job.state().reason()), 300)).append('\n');
        }
        head.append(redactor.redact(checked(job)));
        if (job.state().noPorts() != null) {
            head.append("Ports: none, $PORT unset: ").append(Clip.oneLine(job.state().noPorts(), 300)).append('\n');
        }
        List<String> tailParts = new ArrayList<>();
        Workspace w = job.workspace();
        if (w != null) {
            tailParts.add("Branch: " + w.branch() + " (" + w.commits().size() + " commit"
                    + (w.commits().size() == 1 ? "" : "s") + " on " + Clip.oneLine(w.baseCommit(), 7)
                    + (w.mergeCommit() != null ? "; merged into " + w.mergedInto() : "") + ")\n");
            if (!w.diffstat().isEmpty()) {
                tailParts.add("Changes: " + list(w.diffstat()) + "\n");
            }
        }
        if (r != null) {
            String files = list(relative(r.filesChanged(), job.spec().workdir()));
            if (!files.isEmpty() && (w == null || w.diffstat().isEmpty())) {
                tailParts.add("Files written: " + files + "\n");
            }
            String commands = commands(r.commands());
            if (!commands.isEmpty()) {
                tailParts.add("Commands: " + commands + "\n");
            }
            // an error the reason already quotes is not said twice
            String reason = job.state().reason() == null ? "" : job.state().reason();
            List<String> errors = r.errors().stream().map(e -> Clip.oneLine(e, 160)).filter(e -> !reason.contains(e)).toList();
            if (!errors.isEmpty()) {
                tailParts.add("Errors: " + list(errors) + "\n");
            }
            String usage = usage(r.usage(), r.turns());
            if (!usage.isEmpty()) {
                tailParts.add("Usage: " + usage + "\n");
            }
        }
        String session = job.state().sessionId() != null ? job.state().sessionId() : r == null ? null : r.sessionId();
        if (session != null) {
            tailParts.add("Session: " + session + "\n");
        }
        tailParts.add("Next: " + nextStep(job) + "\n");

        String tail = redactor.redact(String.join("", tailParts));
        String message = r == null ? null : redactor.redact(r.finalMessage());
        String body = "";
        if (verdict != null && verdict.verdict() != ReviewVerdict.Verdict.NONE) {
            body = "Whole answer: read_summary section=final\n";
        } else if (message != null && !message.isBlank()) {
            int room = maxChars - head.length() - tail.length() - "Final message:\n\n".length();
            body = "Final message:\n" + trimmed(message.strip(), room) + "\n";
        } else if (job.status().isTerminal()) {
            body = "Final message: (none)\n";
        }
        String all = head + body + tail;
        return all.length() <= maxChars ? all : all.substring(0, Math.max(0, maxChars - 1)) + "…";
    }

    /** What of a failing check's output the summary keeps: its last lines, within this many characters. */
    static final int CHECK_TAIL_CHARS = 600;
    private static final int CHECK_TAIL_LINES = 12;

    /** The check's line ("Verified: …"), and the end of its output when it did not pass; "" without a check. */
    static String checked(Job job) {
        Verification v = job.state().verification();
        if (job.spec().verify() == null || v == null || v.outcome() == null) {
            return "";
        }
        String fixes = v.fixes() == 0 ? "" : ", after " + v.fixes() + (v.fixes() == 1 ? " fix" : " fixes");
        String cmd = "`" + job.spec().verify().shown() + "`";
        if (v.passed()) {
            return "Verified: " + cmd + " passed (" + v.seconds() + " s" + fixes + ")\n";
        }
        String how = switch (v.outcome()) {
            case Verification.TIMED_OUT -> "timed out";
            case Verification.NOT_RUN -> "could not run";
            default -> "exited " + v.exitCode();
        };
        StringBuilder out = new StringBuilder("Verify: " + cmd + " " + how + " (" + v.seconds() + " s" + fixes + ")\n");
        if (v.tail() != null && !v.tail().isBlank()) {
            List<String> lines = v.tail().strip().lines().toList();
            String last = String.join("\n", lines.subList(Math.max(0, lines.size() - CHECK_TAIL_LINES), lines.size()));
            if (last.length() > CHECK_TAIL_CHARS) {
                last = "…" + last.substring(last.length() - CHECK_TAIL_CHARS + 1);
            }
            out.append("```\n").append(last.replace("```", "'''")).append("\n```\n");
        }
        return out.toString();
    }

    /** Keeps the head of a message and says how much was left out. */
    static String trimmed(String message, int room) {
        if (message.length() <= room) {
            return message;
        }
        String marker = "\n… (%d more characters: read_summary with section=final)";
        int keep = Math.max(0, room - String.format(marker, message.length()).length());
        return message.substring(0, keep) + String.format(marker, message.length() - keep);
    }

    private static String nextStep(Job job) {
        JobStatus s = job.status();
        String author = job.spec().reviewOf();
        if (author != null && s.isTerminal()) {
            ReviewVerdict v = ReviewVerdict.of(job).orElseThrow();
            return v.approves() ? "merge_worktree {job_id: \"" + author + "\", require_review: true}."
                    : v.verdict() == ReviewVerdict.Verdict.CHANGES ? "resume_session {job_id: \"" + author
                    + "\", prompt: \"Fix these review findings: …\"}, then spawn_agent {review_of: \"" + author + "\"}."
                    : "spawn_agent {review_of: \"" + author + "\"} to review again (no verdict is no approval).";
        }
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
            case QUEUED, RUNNING -> "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}.";
        };
    }

    private static List<String> relative(List<String> paths, String workdir) {
        String prefix = workdir.endsWith("/") ? workdir : workdir + "/";
        return paths.stream().map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : p).toList();
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
