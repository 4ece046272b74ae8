package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

/**
 * One step of a job's life given by the part of bg-agents that needs it: before its agent starts,
 * once its worktree is checked out ({@link JobLifecycle#stepsBeforeAgent}: files copied in,
 * dependencies, a setup command), or after an agent round ends ({@link JobLifecycle#stepsAfterAgent}:
 * its work sealed on its branch, checked, handed back to the agent for a fix). The runtime runs
 * them in order — those before the agent on the thread that checked the worktree out, the job
 * holding its slot; those after on a finisher thread — records each in the job's record
 * ({@code steps}) with its start, end and outcome, and skips one a server before it already
 * ended in this round. A step before the agent ends the job by returning an ended status; one
 * after it can start the next agent round instead of ending the job.
 */
public interface JobStep {
    /** Its name in the record ("bootstrap", "seal", "check"). */
    String name();

    /** Whether it runs for this job as it stands after the agent round ({@code soFar}). */
    boolean applies(Job job, Outcome soFar);

    /** Runs it; blocking. */
    Outcome run(StepRun run);

    /**
     * How the job stands after this step, which a server before this one ran to its end in this
     * round and then stopped: read from the record rather than done again.
     */
    default Outcome resumed(Job job, Outcome soFar) {
        return soFar;
    }

    /**
     * How the job stands after a step.
     *
     * @param said       the step's outcome in the record ("passed", "failed", "sealed")
     * @param relaunched another agent round runs now: the job goes on, and its end comes later
     * @param detail     what the step did, for the record's {@link dev.bgagents.jobs.StepRecord#detail}; null for none
     */
    record Outcome(JobStatus status, String reason, String said, boolean relaunched, String detail) {
        /** How a job stands before its agent starts: queued, its slot taken. */
        public static final Outcome BEFORE_AGENT = of(JobStatus.QUEUED, null, null);

        /** The job as it stood, the step saying {@code said}. */
        public Outcome saying(String word) {
            return new Outcome(status, reason, word, false, null);
        }

        /** The same, the record told what the step did. */
        public Outcome detailed(String what) {
            return new Outcome(status, reason, said, relaunched, what);
        }

        public static Outcome of(JobStatus status, String reason, String said) {
            return new Outcome(status, reason, said, false, null);
        }

        public static Outcome relaunched(String said) {
            return new Outcome(JobStatus.RUNNING, null, said, true, null);
        }
    }
}
