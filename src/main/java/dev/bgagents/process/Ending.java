package dev.bgagents.process;

import dev.bgagents.jobs.JobStatus;

/**
 * How a running job came to an end; the first one set wins and its setter finishes the job.
 * NATURAL: the agent exited by itself. LOST: it vanished with no exit record. TERMINATE: the
 * server stops it (cancel, a limit, a fatal sign in its output) with this status and reason. STEER: the
 * server stopped it on purpose to resume it in its session with a person's message — its exit is no
 * crash, and the job goes on (its status is the one it ends with if it cannot).
 */
public record Ending(Kind kind, JobStatus status, String reason) {
    public enum Kind { NATURAL, LOST, TERMINATE, STEER }

    public static final Ending NATURAL = new Ending(Kind.NATURAL, null, null);
    public static final Ending LOST = new Ending(Kind.LOST, JobStatus.LOST, null);

    public static Ending steer(String reason) {
        return new Ending(Kind.STEER, JobStatus.CANCELLED, reason);
    }

    public static Ending terminate(JobStatus status, String reason) {
        return new Ending(Kind.TERMINATE, status, reason);
    }
}
