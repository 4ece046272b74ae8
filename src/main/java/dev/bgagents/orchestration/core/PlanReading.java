package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;

import java.util.List;
import java.util.Optional;

/** A plan session as the host reads it: its tasks' jobs, its compact summary; the plans room answers. */
public interface PlanReading {
    /** Reads no plan: every session is unknown. */
    PlanReading NONE = new PlanReading() {
        @Override
        public Optional<List<Job>> jobs(String session) {
            return Optional.empty();
        }

        @Override
        public Optional<String> summary(String session, int maxChars) {
            return Optional.empty();
        }
    };

    /** The jobs of the plan's tasks that ran (each the one speaking for its task now), or empty for an unknown session. */
    Optional<List<Job>> jobs(String session);

    /** The plan's summary, a line per task, within {@code maxChars}; empty for an unknown session. */
    Optional<String> summary(String session, int maxChars);
}
