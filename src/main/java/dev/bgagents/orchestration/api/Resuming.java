package dev.bgagents.orchestration.api;

import dev.bgagents.jobs.Job;

/**
 * Continuing an ended job's agent session with a follow-up; and a person's word to a job still
 * running — an answer to its question, a message, an interrupt — which keeps its id.
 */
public interface Resuming {

    /** @param timeoutMinutes null: the earlier job's */
    record Request(String jobId, String prompt, Double timeoutMinutes, Double stallMinutes) {
    }

    /** @param sessionId the session continued; null for a CLI without sessions (the exchange was re-sent) */
    record Resumed(Spawning.Started started, String resumes, String sessionId) {
    }

    /**
     * What a person says to a running job.
     *
     * @param decision  {@code allow} or {@code deny}: answers its question ({@code requestId}, or the oldest
     *                  when null); null: a message — or with {@code interrupt}, an interrupt
     * @param message   to the agent: with an answer, why or what instead; alone, the steering message
     * @param by        who: {@code host}, {@code dashboard}, {@code elicitation}
     */
    record Word(String jobId, String decision, String requestId, String message, boolean interrupt, String by) {
    }

    /** @param said one line: what happened and how it reaches the agent; {@code delivery} the how alone */
    record Told(Job job, String said, String delivery) {
    }

    Resumed resume(Request request);

    /**
     * Passes a person's word to a running job; null when the job is not running and the word is a plain
     * message (a resume is what it needs). A {@link Refusal} for a word the job cannot take, nothing changed.
     */
    default Told tell(Word word) {
        if (word.decision() == null && !word.interrupt()) {
            return null;
        }
        throw new Refusal("this server cannot pass answers or messages to a running job");
    }
}
