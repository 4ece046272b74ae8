package dev.bgagents.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/** Job states; the wire names are part of the contract. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static JobStatus fromWire(String s) {
        return valueOf(s.toUpperCase());
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    public boolean isTerminal() {
        return !isActive();
    }
}
