package dev.bgagents.orchestration.plans;

import dev.bgagents.summary.Redactor;

import dev.bgagents.orchestration.core.ReviewNotes;

import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A plan's {@code summary.md}: where every task stands, what each finished one did, and what to do next. */
public final class PlanSummary {
    private PlanSummary() {
    }

    public static String render(PlanStatus plan, Function<String, Optional<Job>> jobs, Redactor redactor,
                                ReviewNotes reviews) {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        int notRun = 0;
        StringBuilder table = new StringBuilder("| wave | task | provider | job | status | changed | review |\n|---|---|---|---|---|---|---|\n");
        StringBuilder outcomes = new StringBuilder();
        for (List<String> wave : plan.waves()) {
            for (String id : wave) {
                PlanTask t = plan.task(id).orElseThrow();
                Optional<Job> job = Optional.ofNullable(t.jobId()).flatMap(jobs);
                String status = job.map(j -> j.status().wire()).orElse("not run");
                job.ifPresent(j -> counts.merge(j.status(), 1, Integer::sum));
                if (job.isEmpty()) {
                    ++notRun;
                }
                String changed = job.map(PlanSummary::changed).orElse("");
                table.append("| ").append(plan.waveOf(id)).append(" | ").append(t.stem()).append(" | ")
                        .append(job.map(j -> j.spec().provider()).orElse(t.provider())).append(" | ")
                        .append(job.map(Job::id).orElse("–")).append(" | ").append(status).append(" | ")
                        .append(changed).append(" | ").append(review(t, jobs, reviews)).append(" |\n");
                job.filter(j -> j.status().isTerminal()).ifPresent(j -> outcomes.append("- ").append(t.stem())
                        .append(": ").append(j.status().wire()).append(outcome(j, redactor)).append('\n'));
            }
        }
        ServerText md = new ServerText().own("# Plan " + plan.session()
                + (plan.title() == null ? "" : ": " + Printable.line(plan.title()))).own("");
        StringBuilder line = new StringBuilder();
        counts.forEach((s, n) -> line.append(line.length() == 0 ? "" : ", ").append(n).append(' ').append(s.wire()));
        if (notRun > 0) {
            line.append(line.length() == 0 ? "" : ", ").append(notRun).append(" not run");
        }
        // what the agents wrote is in the table and the outcomes, on one line after the server's words
        md.own(plan.tasks().size() + " tasks in " + plan.waves().size() + " waves: " + line + ".").own("")
                .add(table.toString());
        if (outcomes.length() > 0) {
            md.own("").own("## Outcomes").own("").add(outcomes.toString()).own("")
                    .own("Each task's result is in NN-<slug>-result.md beside this file.");
        }
        return md.own("").own("## Next").own("").own(next(plan, jobs)).text();
    }

    /** The verdict of the task's review, how far it is, or that the plan wants one. */
    private static String review(PlanTask t, Function<String, Optional<Job>> jobs, ReviewNotes reviews) {
        Optional<Job> r = Optional.ofNullable(t.reviewJob()).flatMap(jobs);
        if (r.isEmpty()) {
            boolean nothingToReview = Optional.ofNullable(t.jobId()).flatMap(jobs).map(j -> j.status().isTerminal()
                    && (j.workspace() == null || j.workspace().diffstat().isEmpty())).orElse(false);
            return !t.review() ? "" : nothingToReview ? "no changes" : "wanted";
        }
        return r.get().id() + " " + Optional.ofNullable(reviews.brief(r.get())).orElse(r.get().status().wire());
    }

    private static String changed(Job j) {
        if (j.workspace() == null || !j.status().isTerminal()) {
            return "";
        }
        int n = j.workspace().diffstat().size();
        return n + " file" + (n == 1 ? "" : "s");
    }

    private static String outcome(Job j, Redactor redactor) {
        String reason = j.state().reason();
        String head = j.report() != null && j.report().finalMessage() != null ? j.report().finalMessage() : reason;
        return head == null || head.isBlank() ? "" : " — " + Clip.oneLine(redactor.redact(head), 160);
    }

    private static String next(PlanStatus plan, Function<String, Optional<Job>> jobs) {
        boolean active = false;
        boolean failed = false;
        boolean allDone = true;
        for (PlanTask t : plan.tasks()) {
            Optional<Job> j = Optional.ofNullable(t.jobId()).flatMap(jobs);
            active |= j.map(x -> x.status().isActive()).orElse(false);
            failed |= j.map(x -> x.status().isTerminal() && x.status() != JobStatus.SUCCEEDED).orElse(false);
            allDone &= j.map(x -> x.status() == JobStatus.SUCCEEDED).orElse(false);
        }
        String session = "{session: \"" + plan.session() + "\"}";
        if (active) {
            return "Jobs are still running: job_status {session: \"" + plan.session() + "\", wait: \"all\"} returns "
                    + "when they end.";
        }
        if (allDone) {
            return "Every task succeeded: read_summary " + session + " gives the plan in a line per task, and "
                    + "merge_worktree " + session + " merges every task in wave order in one call (dry_run: true "
                    + "forecasts it).";
        }
        if (failed) {
            return "read_summary " + session + " says why each failed task failed; resume_session with a fix or run "
                    + "the task again (spawn_agent session + task_id); its cancelled dependents run again the same "
                    + "way. merge_worktree " + session + " merges the finished tasks in wave order.";
        }
        return "Run the plan: spawn_agent session=\"" + plan.session() + "\".";
    }
}
