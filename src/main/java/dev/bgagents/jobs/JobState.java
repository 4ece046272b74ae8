package dev.bgagents.jobs;

import java.time.Instant;

/**
 * Where a job stands. Transitions are the methods below, each returning a new state.
 *
 * @param pid           the process-group leader (the launcher shell), 0 before start
 * @param pidStartTicks its start time in clock ticks since boot, so a reused pid is not mistaken
 * @param reason        one line on why it ended the way it did
 */
public record JobState(JobStatus status, Instant startedAt, Instant endedAt, long pid, long pidStartTicks,
                       Integer exitCode, String reason, String sessionId, String lastActivity,
                       boolean summaryRead) {

    public static JobState queued() {
        return new JobState(JobStatus.QUEUED, null, null, 0, 0, null, null, null, null, false);
    }

    public JobState running(long pid, long startTicks, Instant at) {
        return new JobState(JobStatus.RUNNING, at, null, pid, startTicks, null, null, sessionId, lastActivity, false);
    }

    public JobState activity(String session, String activity) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason,
                session == null ? sessionId : session, activity == null ? lastActivity : activity, summaryRead);
    }

    public JobState ended(JobStatus end, Integer exit, String why, Instant at) {
        return new JobState(end, startedAt, at, pid, pidStartTicks, exit, why, sessionId, lastActivity, false);
    }

    public JobState read() {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId,
                lastActivity, true);
    }
}
