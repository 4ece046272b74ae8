package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

/**
 * One step of a job after an agent round ends — its work sealed on its branch, checked, handed
 * back to the agent for a fix — given by the part of bg-agents that needs it ({@link
 * JobLifecycle#stepsAfterAgent}). The runtime runs them in order on a finisher thread, records
 * each in the job's record ({@code steps}) with its start, end and outcome, and skips one a
 * server before it already ended in this round; a step can start the next agent round instead
 * of ending the job.
 */
public interface JobStep {
    /** Its name in the record ("seal", "check"). */
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
     */
    record Outcome(JobStatus status, String reason, String said, boolean relaunched) {
        /** The job as it stood, the step saying {@code said}. */
        public Outcome saying(String word) {
            return new Outcome(status, reason, word, false);
        }

        public static Outcome of(JobStatus status, String reason, String said) {
            return new Outcome(status, reason, said, false);
        }

        public static Outcome relaunched(String said) {
            return new Outcome(JobStatus.RUNNING, null, said, true);
        }
    }
}
