package dev.bgagents.orchestration.review;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.text.Clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a review job concluded, read from its final message: the verdict its last line gives and
 * the findings it listed. The verdict is the reviewer's own last line, said once: the last
 * non-empty line must be exactly {@code VERDICT: approve} or {@code VERDICT: changes} (any case,
 * surrounding blanks, bold or backticks around the whole line allowed), and no other line may name
 * another verdict. A quoted finding, a diff hunk or an echo of the instruction ("VERDICT: approve
 * or changes") elsewhere cannot speak for it. Anything else is no clear verdict ({@link
 * Verdict#NONE}), and no verdict is never an approval.
 *
 * @param doubt why there is no clear verdict; null when there is one
 * @param more  findings listed beyond the {@link #MAX_FINDINGS} kept
 */
public record ReviewVerdict(Verdict verdict, String doubt, List<String> findings, int more) {
    public static final int MAX_FINDINGS = 8;
    /** Eight of these and the rest of a summary fit its default 1500 characters. */
    private static final int MAX_FINDING_CHARS = 120;
    /** The last line, its dressing taken off: exactly the verdict. */
    private static final Pattern LAST = Pattern.compile("(?i)verdict:[ \\t]*(approve|changes)");
    /** A verdict named anywhere in a line: "VERDICT: approve", "**Verdict:** changes", in any case. */
    private static final Pattern NAMED = Pattern.compile("(?i)\\bverdict\\s*:\\s*([a-z]+)");
    private static final Pattern ITEM = Pattern.compile("^\\s{0,6}(?:[-*+•]|\\d{1,2}[.)])\\s+(.*\\S)\\s*$");
    private static final Pattern NO_FINDINGS = Pattern.compile("^(none|no findings|nothing|n/a)\\.?$");
    private static final String NOT_EXACT = "its last line is not exactly VERDICT: approve or VERDICT: changes";

    public enum Verdict {
        APPROVE, CHANGES, NONE;

        public String wire() {
            return this == NONE ? "none" : name().toLowerCase(Locale.ROOT);
        }
    }

    public ReviewVerdict {
        findings = List.copyOf(findings);
    }

    public boolean approves() {
        return verdict == Verdict.APPROVE;
    }

    /**
     * A finished review job's verdict; empty for a job that is no review or has not ended. A
     * review that did not succeed has none, whatever it said before it stopped.
     */
    public static Optional<ReviewVerdict> of(Job job) {
        if (job.spec().relations().reviewOf() == null || !job.status().isTerminal()) {
            return Optional.empty();
        }
        if (job.status() != JobStatus.SUCCEEDED || job.report() == null) {
            return Optional.of(new ReviewVerdict(Verdict.NONE, "the review " + job.status().wire() + " before it gave "
                    + "one", List.of(), 0));
        }
        return Optional.of(parse(job.report().finalMessage()));
    }

    /** The verdict of a reviewer's message (see the class); list items on its other lines are the findings. */
    public static ReviewVerdict parse(String message) {
        List<String> lines = message == null ? List.of() : message.strip().lines().toList();
        if (lines.isEmpty()) {
            return new ReviewVerdict(Verdict.NONE, "the final message is empty", List.of(), 0);
        }
        Matcher last = LAST.matcher(undressed(lines.get(lines.size() - 1)));
        String word = last.matches() ? last.group(1).toLowerCase(Locale.ROOT) : null;
        String doubt = word == null ? NOT_EXACT : null;
        List<String> items = new ArrayList<>();
        for (String raw : lines.subList(0, lines.size() - (word == null ? 0 : 1))) {
            Matcher named = NAMED.matcher(plain(raw));
            while (doubt == null && named.find()) {
                if (!named.group(1).equalsIgnoreCase(word)) {
                    doubt = "its last line says " + word + ", another says VERDICT: " + named.group(1);
                }
            }
            Matcher item = ITEM.matcher(raw);
            String text = item.matches() ? plain(item.group(1)) : "";
            if (!text.isEmpty() && !NO_FINDINGS.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                items.add(Clip.oneLine(text, MAX_FINDING_CHARS));
            }
        }
        Verdict verdict = doubt != null ? Verdict.NONE : word.equals("approve") ? Verdict.APPROVE : Verdict.CHANGES;
        int kept = Math.min(MAX_FINDINGS, items.size());
        return new ReviewVerdict(verdict, doubt, items.subList(0, kept), items.size() - kept);
    }

    /** A line without blanks, and bold or backticks, around the whole of it. */
    private static String undressed(String line) {
        String s = line.strip();
        for (String around : List.of("**", "__", "`")) {
            if (s.length() > 2 * around.length() && s.startsWith(around) && s.endsWith(around)) {
                s = undressed(s.substring(around.length(), s.length() - around.length()));
            }
        }
        return s;
    }

    /** The verdict and findings as summary lines: the verdict line first. */
    public String render(String reviewed) {
        StringBuilder b = new StringBuilder("Verdict: ").append(verdict.wire());
        if (verdict == Verdict.NONE) {
            b.append(" (no clear verdict: ").append(doubt).append("; this is not an approval)");
        }
        b.append(" — review of ").append(reviewed).append('\n');
        if (!findings.isEmpty()) {
            b.append("Findings:\n");
            findings.forEach(f -> b.append("- ").append(f).append('\n'));
            if (more > 0) {
                b.append("- (+").append(more).append(" more: read_summary section=final)\n");
            }
        }
        return b.toString();
    }

    /** One short phrase for job_status: "changes, 3 findings". */
    public String brief() {
        int n = findings.size() + more;
        String said = verdict == Verdict.NONE ? "no clear verdict" : verdict.wire();
        return said + (n == 0 ? "" : ", " + n + " finding" + (n == 1 ? "" : "s"));
    }

    /** A line without its markdown dressing: headings, quotes, emphasis, code ticks. */
    private static String plain(String line) {
        String s = line.strip();
        s = s.replaceFirst("^(#{1,6}|>+)\\s*", "");
        s = s.replace("**", "").replace("__", "").replace("`", "");
        s = s.replaceAll("(^|\\s)[*_](\\S)", "$1$2").replaceAll("(\\S)[*_](?=\\s|$|[.,:;])", "$1");
        return s.strip();
    }
}
