package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;

import java.util.List;

/** A best-of-N group as the host reads it; the attempts room answers. */
public interface GroupReading {
    /** The group's one summary, its attempts ranked, within {@code maxChars}. */
    String summary(String group, List<Job> attempts, int maxChars);

    /** The attempt a merge of the group keeps, once every attempt has ended; null before, or when none can. */
    Job winner(List<Job> attempts);
}
