package dev.bgagents.jobs;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.Workspace;

import java.time.Duration;
import java.time.Instant;

/**
 * One job as recorded in its job.json: the request, its state, (once ended) the agent's report,
 * and its git worktree when it has one.
 */
public record Job(JobSpec spec, JobState state, AgentReport report, Workspace workspace) {

    public String id() {
        return spec.id();
    }

    /** Its branch, when it has a worktree; null when it runs in place. */
    public String branch() {
        return workspace == null ? null : workspace.branch();
    }

    /** Its worktree's directory, when it has one; null when it runs in place. */
    public java.nio.file.Path worktree() {
        return workspace == null ? null : workspace.path();
    }

    public JobStatus status() {
        return state.status();
    }

    /** Seconds since start (or queueing), up to the end when it has ended. */
    public long elapsedSeconds(Instant now) {
        Instant from = state.startedAt() != null ? state.startedAt() : spec.createdAt();
        Instant to = state.endedAt() != null ? state.endedAt() : now;
        return Math.max(0, Duration.between(from, to).toSeconds());
    }

    /** What it is doing, in a line: why it ended (when it says), what it waits for, or its last act; may be null. */
    public String doing() {
        if (status().isTerminal() && state.reason() != null) {
            return state.reason();
        }
        if (status() == JobStatus.QUEUED && !spec.relations().dependsOn().isEmpty()) {
            return "after " + String.join(", ", spec.relations().dependsOn());
        }
        return state.lastActivity();
    }

    Job withState(JobState s) {
        return new Job(spec, s, report, workspace);
    }

    Job withEnd(JobState s, AgentReport r, Workspace w) {
        return new Job(spec, s, r, w);
    }

    Job withWorkspace(Workspace w) {
        return new Job(spec, state, report, w);
    }
}
