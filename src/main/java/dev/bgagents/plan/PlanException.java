package dev.bgagents.plan;

/** A plan that cannot be turned into tasks; the message is one line saying what to fix. */
public final class PlanException extends Exception {
    public PlanException(String message) {
        super(message);
    }
}
