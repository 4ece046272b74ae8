package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.JobStatus;

/**
 * What a job's status means for the task it is: one mapping for both task eras, so a host hears
 * the same outcome whichever it speaks. The eras only spell a failed tool call differently:
 * 2025-11-25 calls it {@code failed} ("for tool calls specifically, this includes cases where the
 * tool call result has isError set to true"), while the 2026-07-28 extension keeps {@code failed}
 * for a JSON-RPC error and has it {@code completed}, its result carrying {@code isError}.
 */
public enum TaskOutcome {
    WORKING("working", "working"),
    SUCCEEDED("completed", "completed"),
    FAILED("failed", "completed"),
    CANCELLED("cancelled", "cancelled");

    private final String legacyWire;
    private final String modernWire;

    TaskOutcome(String legacyWire, String modernWire) {
        this.legacyWire = legacyWire;
        this.modernWire = modernWire;
    }

    public static TaskOutcome of(JobStatus s) {
        return switch (s) {
            case QUEUED, RUNNING, WAITING -> WORKING;
            case SUCCEEDED -> SUCCEEDED;
            case CANCELLED -> CANCELLED;
            case FAILED, TIMED_OUT, LOST -> FAILED;
        };
    }

    /** The task's status in protocol 2025-11-25. */
    public String legacyWire() {
        return legacyWire;
    }

    /** The task's status in the 2026-07-28 tasks extension. */
    public String modernWire() {
        return modernWire;
    }

    /** The task's result is the summary of a job that did not do its work: a tool call that failed. */
    public boolean isError() {
        return this == FAILED;
    }
}
