package dev.bgagents.jobs;

import java.time.Instant;

/**
 * One step of a job's life as its record keeps it — the worktree prepared, the agent run, its
 * work sealed, checked, a fix round — with the round it belongs to (0 for the agent's first run,
 * n for fix round n), when it started and ended, and how it went. A server that takes a job over
 * reads where it stands from these: a step with no end was cut short and runs again.
 *
 * @param outcome a word or two: the agent's status, "passed", "failed", "skipped"; null while running
 */
public record StepRecord(String name, int round, Instant startedAt, Instant endedAt, String outcome) {
    public static final String PREPARE = "prepare";
    public static final String AGENT = "agent";

    public boolean ended() {
        return endedAt != null;
    }

    public boolean is(String stepName, int stepRound) {
        return name.equals(stepName) && round == stepRound;
    }

    StepRecord end(Instant at, String how) {
        return new StepRecord(name, round, startedAt, at, how);
    }
}
