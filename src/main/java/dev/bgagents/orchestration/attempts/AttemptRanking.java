package dev.bgagents.orchestration.attempts;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders the attempts of a best-of-N group: work that passed its check first, then work whose
 * agent succeeded; among those, work that changed something before work that changed nothing,
 * then the smaller diff (less to review, less to go wrong), then the faster one.
 */
public final class AttemptRanking {
    private static final Pattern LINES = Pattern.compile(" \\+(\\d+) -(\\d+)$");

    private AttemptRanking() {
    }

    public static List<Job> ranked(List<Job> attempts) {
        return attempts.stream().sorted(Comparator
                .comparingInt((Job j) -> passed(j) ? 0 : 1)
                .thenComparingInt(j -> j.status() == JobStatus.SUCCEEDED ? 0 : 1)
                .thenComparingInt(j -> changedLines(j) > 0 ? 0 : 1)
                .thenComparingLong(AttemptRanking::changedLines)
                .thenComparingLong(j -> j.elapsedSeconds(java.time.Instant.now()))).toList();
    }

    /** The attempt to keep: the best ranked one that succeeded with changes; null when none did. */
    public static Job winner(List<Job> attempts) {
        List<Job> r = ranked(attempts);
        Job best = r.isEmpty() ? null : r.get(0);
        return best != null && best.status() == JobStatus.SUCCEEDED && changedLines(best) > 0 ? best : null;
    }

    public static boolean passed(Job j) {
        return j.state().verification() != null && j.state().verification().passed();
    }

    /** Lines added plus removed on the attempt's branch, from its diffstat ("path +a -r"). */
    public static long changedLines(Job j) {
        if (j.workspace() == null) {
            return 0;
        }
        long n = 0;
        for (String line : j.workspace().diffstat()) {
            Matcher m = LINES.matcher(line);
            if (m.find()) {
                n += Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
            } else {
                n++; // a binary file or a rename without a count still changed something
            }
        }
        return n;
    }
}
