package dev.bgagents.orchestration.api;

/** Continuing an ended job's agent session with a follow-up. */
public interface Resuming {

    /** @param timeoutMinutes null: the earlier job's */
    record Request(String jobId, String prompt, Double timeoutMinutes, Double stallMinutes) {
    }

    /** @param sessionId the session continued; null for a CLI without sessions (the exchange was re-sent) */
    record Resumed(Spawning.Started started, String resumes, String sessionId) {
    }

    Resumed resume(Request request);
}
