package dev.bgagents.orchestration;

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

    Job job(String id);

    /** The summary; reading an ended job's summary marks it read. */
    Summary summary(Job job, int maxChars);

    Page page(Job job, Section section, long offset, int maxChars);
}
