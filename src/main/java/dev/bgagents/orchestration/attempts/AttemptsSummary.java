package dev.bgagents.orchestration.attempts;

import dev.bgagents.summary.SummaryRenderer;

import dev.bgagents.summary.Redactor;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.text.Clip;
import dev.bgagents.text.ServerText;

import java.time.Instant;
import java.util.List;

/**
 * One summary for a best-of-N group: each attempt on a line, best first, the winner named, its
 * final message in what the budget leaves, and the one call that keeps it.
 */
public final class AttemptsSummary {
    private AttemptsSummary() {
    }

    public static String render(String group, List<Job> attempts, int maxChars, Instant now, Redactor redactor) {
        List<Job> ranked = AttemptRanking.ranked(attempts);
        long active = attempts.stream().filter(j -> j.status().isActive()).count();
        Job winner = active > 0 ? null : AttemptRanking.winner(attempts);
        StringBuilder head = new StringBuilder("## ").append(group).append(": ").append(attempts.size())
                .append(" attempts, ");
        if (active > 0) {
            head.append(active).append(" still running\n");
        } else if (winner != null) {
            head.append("winner ").append(winner.id()).append(" (").append(winner.spec().provider())
                    .append(AttemptRanking.passed(winner) ? ", verified" : "").append(")\n");
        } else {
            head.append("none succeeded with changes\n");
        }
        head.append("Task: ").append(Clip.oneLine(attempts.get(0).spec().title(), 100)).append('\n');
        ServerText text = new ServerText();
        head.toString().lines().forEach(text::own);
        int rank = 1;
        for (Job j : ranked) {
            StringBuilder row = new StringBuilder();
            row.append(rank++).append(". ").append(j.id()).append(' ').append(j.status().wire());
            Verification v = j.state().verification();
            if (v != null && v.outcome() != null) {
                row.append(v.passed() ? " · verified" : " · check " + (Verification.FAILED.equals(v.outcome())
                        ? "exit " + v.exitCode() : v.outcome().replace('_', ' ')));
                if (v.fixes() > 0) {
                    row.append(" after ").append(v.fixes()).append(v.fixes() == 1 ? " fix" : " fixes");
                }
            }
            long lines = AttemptRanking.changedLines(j);
            if (j.workspace() != null && !j.workspace().diffstat().isEmpty()) {
                row.append(" · ").append(lines).append(" lines in ").append(j.workspace().diffstat().size())
                        .append(j.workspace().diffstat().size() == 1 ? " file" : " files");
            }
            row.append(" · ").append(j.elapsedSeconds(now)).append(" s");
            if (j.status() != JobStatus.SUCCEEDED && j.status().isTerminal() && j.state().reason() != null
                    && (v == null || v.outcome() == null)) {
                row.append(" · ").append(Clip.oneLine(redactor.redact(j.state().reason()), 90));
            }
            text.own(row.toString());
        }
        String next;
        if (active > 0) {
            next = "job_status {job_ids: [\"" + group + "\"], wait: \"all\"}, then read_summary again.";
        } else if (winner != null) {
            next = "merge_worktree {job_id: \"" + group + "\"} merges " + winner.id() + " and removes the other "
                    + "attempts' worktrees and branches (keep: [job ids] keeps some); read_summary {job_id: \""
                    + ranked.get(ranked.size() - 1).id() + "\"} reads one attempt.";
        } else {
            next = "read_summary {job_id: \"" + ranked.get(0).id() + "\"} says why it failed (each attempt likewise); "
                    + "resume_session or spawn again.";
        }
        String tail = "Next: " + next;
        if (winner != null && winner.report() != null && winner.report().finalMessage() != null) {
            int room = maxChars - text.length() - tail.length() - "Winner's final message:\n\n\n".length();
            if (room > 80) {
                text.own("Winner's final message:").add(SummaryRenderer.trimmed(
                        ServerText.quote(redactor.redact(winner.report().finalMessage())).strip(), room) + "\n");
            }
        }
        String all = text.own(tail).text();
        return all.length() <= maxChars ? all : all.substring(0, Math.max(0, maxChars - 1)) + "…";
    }
}
