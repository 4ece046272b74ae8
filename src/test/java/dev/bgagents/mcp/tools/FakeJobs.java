package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The jobs of a project, in memory: what job_status, read_summary and cancel_job read and do,
 * with changes scripted per wait (the n-th {@link #awaitChange} applies the n-th change).
 */
public final class FakeJobs implements Watching, Summarizing, Cancelling {
    private final Map<String, PlanSummary> plans = new java.util.HashMap<>();

    /** read_summary {session} of {@code p.session()} answers {@code p}. */
    FakeJobs withPlan(PlanSummary p) {
        plans.put(p.session(), p);
        return this;
    }

    @Override
    public java.util.Optional<PlanSummary> planSummary(String session, int maxChars) {
        return java.util.Optional.ofNullable(plans.get(session));
    }

    public final Map<String, Job> jobs = new LinkedHashMap<>();
    final List<Runnable> changes = new ArrayList<>();
    final List<String> cancelled = new ArrayList<>();
    final Map<String, String> overlaps = new LinkedHashMap<>();
    Function<Job, Job> onCancel = j -> j;
    int waits;
    int pageAsked;

    public FakeJobs with(Job... js) {
        for (Job j : js) {
            jobs.put(j.id(), j);
        }
        return this;
    }

    @Override
    public List<Job> attempts(String id) {
        return List.of(); // no groups here
    }

    @Override
    public java.util.Optional<GroupSummary> groupSummary(String id, int maxChars) {
        return java.util.Optional.empty();
    }

    @Override
    public String review(Job job) {
        return null;
    }

    @Override
    public Job job(String id) {
        if (id == null) {
            throw new Refusal("missing \"job_id\": pass the id spawn_agent returned (job_status lists them)");
        }
        Job j = jobs.get(id);
        if (j == null) {
            throw new Refusal("unknown job id \"" + id + "\": job_status lists the jobs of this project");
        }
        return j;
    }

    @Override
    public Job latest(String id) {
        return jobs.get(id);
    }

    @Override
    public List<Job> all() {
        return List.copyOf(jobs.values());
    }

    @Override
    public List<Job> defaults() {
        return jobs.values().stream().filter(j -> j.status().isActive() || !j.state().summaryRead()).toList();
    }

    @Override
    public long changes() {
        return waits;
    }

    @Override
    public void awaitChange(long seen, long deadlineNanos) {
        if (waits < changes.size()) {
            changes.get(waits++).run();
        } else {
            waits++;
            long ms = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
            try {
                Thread.sleep(Math.min(ms, 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String activity(Job job) {
        return job.status().isTerminal() && job.state().reason() != null ? job.state().reason()
                : job.state().lastActivity();
    }

    @Override
    public Map<String, String> overlaps(List<Job> list) {
        return overlaps;
    }

    @Override
    public String markdown(Job job, int maxChars) {
        return summary(job, maxChars).markdown();
    }

    @Override
    public Summary summary(Job job, int maxChars) {
        String head = "## " + job.id() + ": " + job.status().wire() + "\n";
        return new Summary(job, head + "x".repeat(Math.max(0, maxChars - head.length())), 16);
    }

    @Override
    public Page page(Job job, Section section, long offset, int maxChars) {
        pageAsked = maxChars;
        return new Page(job, section, "### " + section.wire() + " of " + job.id(), offset, null, 10);
    }

    @Override
    public Job cancel(String id) {
        cancelled.add(id);
        Job after = onCancel.apply(jobs.get(id));
        jobs.put(id, after);
        return after;
    }
}
