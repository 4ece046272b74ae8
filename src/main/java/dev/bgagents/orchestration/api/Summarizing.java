package dev.bgagents.orchestration.api;

import java.util.List;

import dev.bgagents.jobs.Job;

/** What read_summary reads: a job's summary under a budget, or one section of its detail, a page at a time. */
public interface Summarizing {
    /** The sections a host may drill into. */
    enum Section {
        FINAL, DIFF, COMMANDS, ERRORS, LOG;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /**
     * A job's summary.
     *
     * @param markdown         the summary, secrets masked, at most the budget
     * @param finalMessageChars length of the untrimmed final message
     */
    record Summary(Job job, String markdown, int finalMessageChars) {
    }

    /** One page of a section: {@code text} (with its heading), where it starts, where the next one does. */
    record Page(Job job, Section section, String text, long offset, Long nextOffset, long total) {
    }

    /**
     * A best-of-N group's one summary, its attempts ranked.
     *
     * @param winner the attempt merge_worktree would keep, once all have ended; else null
     */
    record GroupSummary(String group, List<Job> attempts, Job winner, String markdown) {
        public GroupSummary {
            attempts = List.copyOf(attempts);
        }
    }

    Job job(String id);

    /**
     * A plan's one summary, a line per task.
     *
     * @param active some of its tasks still run
     */
    record PlanSummary(String session, String markdown, boolean active, boolean failed) {
    }

    /** The plan's summary, or empty for an unknown session; reading it marks its ended tasks' jobs read. */
    default java.util.Optional<PlanSummary> planSummary(String session, int maxChars) {
        return java.util.Optional.empty();
    }

    /** The group's summary, or empty when {@code id} names a job; reading it once all have ended marks each read. */
    java.util.Optional<GroupSummary> groupSummary(String id, int maxChars);

    /** The summary as markdown, for a reader that is not the host's model (a resource): nothing is marked read. */
    String markdown(Job job, int maxChars);

    /** The summary; reading an ended job's summary marks it read. */
    Summary summary(Job job, int maxChars);

    Page page(Job job, Section section, long offset, int maxChars);
}
