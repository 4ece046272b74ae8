package dev.bgagents.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which jobs a person is shown by default: the active ones and the last day's, at most twenty. */
public final class RecentJobs {
    public static final int MAX = 20;
    public static final Duration AGE = Duration.ofHours(24);

    private RecentJobs() {
    }

    public static List<JobRow> sorted(List<JobRow> rows) {
        return rows.stream().sorted(Comparator.comparing(JobRow::createdAt).thenComparing(JobRow::id)).toList();
    }

    /** The active jobs and the last day's, the newest kept when there are more than fit; oldest first. */
    public static List<JobRow> of(List<JobRow> rows, Instant now) {
        List<JobRow> keep = sorted(rows).stream()
                .filter(r -> r.active() || r.createdAt().isAfter(now.minus(AGE))).toList();
        if (keep.size() <= MAX) {
            return keep;
        }
        List<JobRow> active = keep.stream().filter(JobRow::active).toList();
        List<JobRow> ended = keep.stream().filter(r -> !r.active()).toList();
        int room = Math.max(0, MAX - active.size());
        List<JobRow> out = new ArrayList<>(active);
        out.addAll(ended.subList(Math.max(0, ended.size() - room), ended.size()));
        return sorted(out);
    }
}
