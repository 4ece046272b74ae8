package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.summary.JobLine;

import java.time.Instant;

/**
 * A task and the job that answers for it now. A task is named by the job a call started; once that
 * job's provider failed it and its task went on as another job (a fallback chain), the chain's job
 * now gives the task's status, result and cancel — the very lookup job_status makes on the first
 * id, which read_summary and cancel_job follow too. Both task eras read a task through this alone.
 *
 * @param first the job the task is named by
 * @param now   the job its chain runs now, or the one it ended with ({@code first} when it never fell back)
 */
public record TaskJob(Job first, Job now) {
    /**
     * How often a host polls an active task, in both eras: a host of the 2026-07-28 extension hears
     * of an end only by polling, and a poll is a lookup in memory, so the end is heard within a second.
     */
    public static final long POLL_INTERVAL_MS = 1_000;

    /** The task {@code taskId} as it stands now; a {@link dev.bgagents.orchestration.Refusal} for an unknown id. */
    public static TaskJob of(Watching watching, String taskId) {
        Job first = watching.job(taskId);
        return new TaskJob(first, watching.latest(first.id()));
    }

    public String id() {
        return first.id();
    }

    public TaskOutcome outcome() {
        return TaskOutcome.of(now.status());
    }

    public boolean active() {
        return now.status().isActive();
    }

    public Instant createdAt() {
        return first.spec().createdAt();
    }

    /** When the job now last moved: its end, else its start, else its creation. */
    public Instant lastUpdatedAt() {
        return now.state().endedAt() != null ? now.state().endedAt()
                : now.state().startedAt() != null ? now.state().startedAt() : now.spec().createdAt();
    }

    /** The job now in one line; it starts with that job's id, which after a fallback is not the task's. */
    public String statusMessage(Watching watching) {
        return JobLine.line(now, Instant.now(), watching.activity(now));
    }
}
