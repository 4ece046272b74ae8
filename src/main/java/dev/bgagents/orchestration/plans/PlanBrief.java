package dev.bgagents.orchestration.plans;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.summary.Redactor;
import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * read_summary {session}: the plan in a line per task — its job, status, check, what it changed —
 * the failures with their reason, and the next call; within a budget as a job's summary is (reasons
 * shortened first, then task lines left out, saying how many and how to see them).
 */
final class PlanBrief {
    private static final int REASON = 160;
    private static final int SHORT_REASON = 60;

    private PlanBrief() {
    }

    static String render(PlanStatus plan, Function<String, Optional<Job>> jobs, Redactor redactor, int maxChars) {
        String text = render(plan, jobs, redactor, REASON, Integer.MAX_VALUE);
        if (text.length() > maxChars) {
            text = render(plan, jobs, redactor, SHORT_REASON, Integer.MAX_VALUE);
        }
        for (int lines = plan.tasks().size() - 1; text.length() > maxChars && lines >= 0; lines--) {
            text = render(plan, jobs, redactor, SHORT_REASON, lines);
        }
        return text.length() <= maxChars ? text : text.substring(0, Math.max(0, maxChars - 1)) + "…";
    }

    private static String render(PlanStatus plan, Function<String, Optional<Job>> jobs, Redactor redactor, int reason,
                                 int maxLines) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int succeeded = 0;
        int verified = 0;
        int active = 0;
        int toMerge = 0;
        int ran = 0;
        for (List<String> wave : plan.waves()) {
            for (String id : wave) {
                PlanTask t = plan.task(id).orElseThrow();
                Optional<Job> job = Optional.ofNullable(t.jobId()).flatMap(jobs);
                lines.add(job.map(j -> line(t, j)).orElse(t.stem() + " · " + t.provider() + " · not run"));
                if (job.isEmpty()) {
                    continue;
                }
                Job j = job.get();
                ran++;
                active += j.status().isActive() ? 1 : 0;
                if (j.status() == JobStatus.SUCCEEDED) {
                    succeeded++;
                    toMerge += j.workspace() != null && j.workspace().mergeCommit() == null ? 1 : 0;
                }
                Verification v = j.state().verification();
                verified += j.spec().verify() != null && v != null && v.passed() ? 1 : 0;
                if (j.status().isTerminal() && j.status() != JobStatus.SUCCEEDED) {
                    String why = j.state().reason() == null ? j.status().wire() : j.state().reason();
                    failures.add("- " + t.stem() + " (" + j.id() + "): " + Clip.oneLine(Printable.line(redactor.redact(why)), reason));
                }
            }
        }
        StringBuilder b = new StringBuilder("## Plan ").append(plan.session()).append(": ").append(plan.tasks().size())
                .append(" tasks, ").append(succeeded).append(" succeeded");
        if (verified > 0) {
            b.append(", ").append(verified).append(" verified");
        }
        if (!failures.isEmpty()) {
            b.append(", ").append(failures.size()).append(" failed");
        }
        if (active > 0) {
            b.append(", ").append(active).append(" still running");
        }
        b.append('\n');
        lines.stream().limit(maxLines).forEach(l -> b.append(l).append('\n'));
        if (maxLines < lines.size()) {
            b.append("(").append(lines.size() - maxLines).append(" more tasks: read_summary {session: \"")
                    .append(plan.session()).append("\", max_chars: 4000})\n");
        }
        if (!failures.isEmpty()) {
            b.append("Failed:\n");
            failures.forEach(f -> b.append(f).append('\n'));
        }
        return b.append("Next: ").append(next(plan.session(), active, toMerge, !failures.isEmpty(), ran)).toString();
    }

    /** NN-slug · job · status · check · changes · merged. */
    private static String line(PlanTask t, Job j) {
        StringBuilder b = new StringBuilder(t.stem()).append(" · ").append(j.id());
        if (!j.id().startsWith(j.spec().provider() + "-")) {
            b.append(" (").append(j.spec().provider()).append(')');
        }
        b.append(" · ").append(j.status().wire());
        Verification v = j.state().verification();
        if (j.spec().verify() != null && v != null && v.outcome() != null) {
            b.append(" · ").append(v.passed() ? "verified" : v.failsOnBase() ? "check red on its base too"
                    : "check " + v.outcome().replace('_', ' '));
        }
        if (j.workspace() != null && j.status().isTerminal()) {
            b.append(" · ").append(changes(j.workspace().diffstat()));
            if (j.workspace().mergeCommit() != null) {
                b.append(" · merged ").append(j.workspace().mergeCommit(), 0, 7);
            }
        }
        return b.toString();
    }

    /** "lib/a.js +3 -1" for one file, "4 files +20 -2" for more; the diffstat's lines are "name +A -D". */
    static String changes(List<String> diffstat) {
        if (diffstat.isEmpty()) {
            return "no changes";
        }
        if (diffstat.size() == 1) {
            return diffstat.get(0);
        }
        long added = 0;
        long removed = 0;
        for (String l : diffstat) {
            String[] parts = l.split(" ");
            if (parts.length >= 3) {
                added += number(parts[parts.length - 2]);
                removed += number(parts[parts.length - 1]);
            }
        }
        return diffstat.size() + " files +" + added + " -" + removed;
    }

    private static long number(String signed) {
        try {
            return Math.abs(Long.parseLong(signed.replace("+", "")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String next(String session, int active, int toMerge, boolean failed, int ran) {
        String s = "{session: \"" + session + "\"}";
        if (active > 0) {
            return "job_status {session: \"" + session + "\", wait: \"all\"} returns when the running tasks end.";
        }
        String fix = failed ? " Failed tasks: resume_session {job_id, prompt} with a fix, or spawn_agent {session, "
                + "task_id} to run one again (its cancelled dependents too)." : "";
        if (toMerge > 0) {
            return "merge_worktree " + s + " merges the " + toMerge + " finished task" + (toMerge == 1 ? "" : "s")
                    + " in wave order (dry_run: true forecasts)." + fix;
        }
        return ran == 0 ? "spawn_agent " + s + " runs the plan." : "nothing left to merge." + fix;
    }
}
