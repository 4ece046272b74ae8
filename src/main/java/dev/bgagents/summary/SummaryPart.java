package dev.bgagents.summary;

import dev.bgagents.jobs.Job;
import dev.bgagents.text.ServerText;

import java.util.List;

/**
 * What a feature adds to the summary of a job that is one of its own — a check's outcome, a
 * review's verdict — so that the feature's rendering lives with the feature, and a summary is
 * the same whoever renders it (read_summary, summary.md, a group's or a plan's summary).
 */
public interface SummaryPart {
    SummaryPart NONE = new SummaryPart() {
    };

    /** Lines right under the summary's title (a review's verdict), masked with {@code redactor}; none by default. */
    default void underTitle(Job job, Redactor redactor, ServerText out) {
    }

    /** Lines after the job's reason (a check's outcome and output), masked with {@code redactor}; none by default. */
    default void afterReason(Job job, Redactor redactor, ServerText out) {
    }

    /** The next step when the feature knows it better than the job's status does; null otherwise. */
    default String next(Job job) {
        return null;
    }

    /** Whether the part's lines already say what the final message says (then the summary points to it). */
    default boolean coversFinalMessage(Job job) {
        return false;
    }

    /** All of {@code parts}, in order: their lines one after another, the first next step and cover that applies. */
    static SummaryPart of(List<SummaryPart> parts) {
        List<SummaryPart> all = List.copyOf(parts);
        return new SummaryPart() {
            @Override
            public void underTitle(Job job, Redactor redactor, ServerText out) {
                all.forEach(p -> p.underTitle(job, redactor, out));
            }

            @Override
            public void afterReason(Job job, Redactor redactor, ServerText out) {
                all.forEach(p -> p.afterReason(job, redactor, out));
            }

            @Override
            public String next(Job job) {
                return all.stream().map(p -> p.next(job)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }

            @Override
            public boolean coversFinalMessage(Job job) {
                return all.stream().anyMatch(p -> p.coversFinalMessage(job));
            }
        };
    }
}
