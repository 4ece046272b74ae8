package dev.bgagents.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One step of a job's life as its record keeps it — the worktree prepared, the agent run, its
 * work sealed, checked, a fix round — with the round it belongs to (0 for the agent's first run,
 * n for fix round n), when it started and ended, and how it went. A server that takes a job over
 * reads where it stands from these: a step with no end was cut short and runs again.
 *
 * @param outcome a word or two: the agent's status, "passed", "failed", "skipped"; null while running
 * @param detail  what the step did, in a line, for the summary ("copied .env; node_modules cloned"), then, for
 *                a step that failed, the end of its log (masked); null when the outcome says it all
 */
public record StepRecord(String name, int round, Instant startedAt, Instant endedAt, String outcome,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
    public static final String PREPARE = "prepare";
    public static final String AGENT = "agent";
    /** A person's message resumed the agent in a new round: its outcome {@link #STEERED} when it did. */
    public static final String STEER = "steer";
    public static final String STEERED = "steered";
    /** The prepare step's outcome once the job's worktree is checked out for it. */
    public static final String CHECKED_OUT = "checked out";

    public StepRecord(String name, int round, Instant startedAt, Instant endedAt, String outcome) {
        this(name, round, startedAt, endedAt, outcome, null);
    }

    /** The line that says what the step did, or null. */
    public String said() {
        return detail == null ? null : detail.lines().findFirst().orElse(null);
    }

    /** The end of a failed step's log, as the record keeps it, or null. */
    public String tail() {
        int nl = detail == null ? -1 : detail.indexOf('\n');
        return nl < 0 ? null : detail.substring(nl + 1);
    }

    public boolean ended() {
        return endedAt != null;
    }

    public boolean is(String stepName, int stepRound) {
        return name.equals(stepName) && round == stepRound;
    }

    StepRecord end(Instant at, String how, String what) {
        return new StepRecord(name, round, startedAt, at, how, what);
    }
}
