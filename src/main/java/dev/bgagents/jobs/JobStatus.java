package dev.bgagents.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/**
 * Job states; the wire names are part of the contract. {@code WAITING} is a running job paused on a
 * question to a person (its CLI asked for a permission its profile does not give): it holds its slot
 * and its process like a running one, and goes back to running once answered.
 */
public enum JobStatus {
    QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static JobStatus fromWire(String s) {
        return valueOf(s.toUpperCase());
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == WAITING;
    }

    /** Its agent has started and not ended: running, or waiting for an answer. */
    public boolean isStarted() {
        return this == RUNNING || this == WAITING;
    }

    public boolean isTerminal() {
        return !isActive();
    }
}
