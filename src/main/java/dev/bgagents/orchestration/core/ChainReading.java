package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;

import java.util.List;

/** A fallback chain as the host reads it under its first id; the fallback room answers. */
public interface ChainReading {
    /** The chain's summary: who failed why, then the job kept; {@code chain} has at least two jobs. */
    String summary(List<Job> chain, int maxChars);
}
