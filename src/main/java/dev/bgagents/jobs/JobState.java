package dev.bgagents.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job stands. Transitions are the methods below, each returning a new state.
 *
 * @param pid           the process-group leader (the launcher shell), 0 before start
 * @param pidStartTicks its start time in clock ticks since boot, so a reused pid is not mistaken
 * @param reason        one line on why it ended the way it did
 * @param launchingAt   set, still queued, once a server has taken one of the project's slots for the
 *                      job and is about to start it: a server that finds it set after a crash looks
 *                      for the job's processes before ever starting it again
 * @param verification  its check and fix rounds, for a job made with a {@link VerifySpec}; else null
 * @param noPorts       why the job runs without a block of ports of its own (none was free as it
 *                      started); null when it has one, or has not started
 * @param steps         its life so far, step by step, oldest first
 */
public record JobState(JobStatus status, Instant startedAt, Instant endedAt, long pid, long pidStartTicks,
                       Integer exitCode, String reason, String sessionId, String lastActivity,
                       boolean summaryRead, Instant launchingAt,
                       Verification verification, String noPorts, List<StepRecord> steps) {
    public JobState {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static JobState queued() {
        return new JobState(JobStatus.QUEUED, null, null, 0, 0, null, null, null, null, false, null, null, null, List.of());
    }

    /** The same state, saying why the job has no block of ports (null: it has one). */
    public JobState ports(String whyNone) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId, lastActivity,
                summaryRead, launchingAt, verification, whyNone, steps);
    }

    /** A slot is taken for it: it is being prepared or started now. */
    public JobState launching(Instant at) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId, lastActivity,
                summaryRead, at, verification, noPorts, steps);
    }

    /** True while queued with a slot taken (being prepared or started). */
    public boolean holdsSlot() {
        return status.isStarted() || (status == JobStatus.QUEUED && launchingAt != null);
    }

    public JobState running(long pid, long startTicks, Instant at) {
        return new JobState(JobStatus.RUNNING, at, null, pid, startTicks, null, null, sessionId, lastActivity, false, null,
                verification, noPorts, steps);
    }

    public JobState activity(String session, String activity) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason,
                session == null ? sessionId : session, activity == null ? lastActivity : activity, summaryRead, launchingAt,
                verification, noPorts, steps);
    }

    /**
     * Paused on a question to a person ({@code line} says which), or back to running once it is
     * answered; a job not started (or ended) stays as it is.
     */
    public JobState waiting(boolean waits, String line) {
        if (!status.isStarted()) {
            return this;
        }
        return new JobState(waits ? JobStatus.WAITING : JobStatus.RUNNING, startedAt, endedAt, pid, pidStartTicks,
                exitCode, reason, sessionId, line == null ? lastActivity : line, summaryRead, launchingAt, verification,
                noPorts, steps);
    }

    public JobState ended(JobStatus end, Integer exit, String why, Instant at) {
        return new JobState(end, startedAt, at, pid, pidStartTicks, exit, why, sessionId, lastActivity, false, null,
                verification, noPorts, steps);
    }

    /** The same state, its reason told something more (why its end could not be recorded). */
    public JobState alsoBecause(String more) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode,
                reason == null ? more : reason + "; " + more, sessionId, lastActivity, summaryRead, launchingAt,
                verification, noPorts, steps);
    }

    public JobState read() {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId,
                lastActivity, true, launchingAt, verification, noPorts, steps);
    }

    /** The check's outcome (or a new fix round's bookkeeping) on record. */
    public JobState checked(Verification v) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId, lastActivity,
                summaryRead, launchingAt, v, noPorts, steps);
    }

    /** Running again, in the same session and directory, as a fix round: the job's start stays. */
    public JobState fixing(long newPid, long startTicks, Verification v, String activity) {
        return new JobState(JobStatus.RUNNING, startedAt, null, newPid, startTicks, null, null, sessionId, activity,
                false, null, v, noPorts, steps);
    }

    /** A step begins (again, if a server cut it short before: the one with no end is replaced). */
    public JobState stepStarted(String name, int round, Instant at) {
        List<StepRecord> next = new ArrayList<>(steps);
        next.removeIf(r -> r.is(name, round) && !r.ended());
        next.add(new StepRecord(name, round, at, null, null));
        return withSteps(next);
    }

    /** The latest run of a step ends; recorded as begun now if no start is on record. */
    public JobState stepEnded(String name, int round, Instant at, String outcome) {
        return stepEnded(name, round, at, outcome, null);
    }

    /** The same, with what the step did ({@link StepRecord#detail}). */
    public JobState stepEnded(String name, int round, Instant at, String outcome, String detail) {
        List<StepRecord> next = new ArrayList<>(steps);
        for (int i = next.size() - 1; i >= 0; i--) {
            if (next.get(i).is(name, round) && !next.get(i).ended()) {
                next.set(i, next.get(i).end(at, outcome, detail));
                return withSteps(next);
            }
        }
        next.add(new StepRecord(name, round, at, at, outcome, detail));
        return withSteps(next);
    }

    /** The latest run of a step, if it has one in {@code round}. */
    public java.util.Optional<StepRecord> step(String name, int round) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).is(name, round)) {
                return java.util.Optional.of(steps.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /** A step that began and has no end on record (cut short by a server that stopped), if any. */
    public java.util.Optional<StepRecord> unfinishedStep() {
        return steps.stream().filter(r -> !r.ended()).reduce((a, b) -> b);
    }

    /** Whether a step of this round has ended (a later server does not do it again). */
    public boolean stepDone(String name, int round) {
        return steps.stream().anyMatch(r -> r.is(name, round) && r.ended());
    }

    private JobState withSteps(List<StepRecord> next) {
        return new JobState(status, startedAt, endedAt, pid, pidStartTicks, exitCode, reason, sessionId, lastActivity,
                summaryRead, launchingAt, verification, noPorts, next);
    }
}
