package dev.bgagents.process;

import dev.bgagents.jobs.JobStatus;

/**
 * How a running job came to an end; the first one set wins and its setter finishes the job.
 * NATURAL: the agent exited by itself. LOST: it vanished with no exit record. TERMINATE: the
 * server stops it (cancel, a limit, a fatal sign in its output) with this status and reason.
 */
public record Ending(Kind kind, JobStatus status, String reason) {
    public enum Kind { NATURAL, LOST, TERMINATE }

    public static final Ending NATURAL = new Ending(Kind.NATURAL, null, null);
    public static final Ending LOST = new Ending(Kind.LOST, JobStatus.LOST, null);

    public static Ending terminate(JobStatus status, String reason) {
        return new Ending(Kind.TERMINATE, status, reason);
    }
}
