package dev.bgagents.summary;

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
 * What a review job concluded, read from its final message: the verdict its {@code VERDICT:}
 * line gives and the findings it listed. A message without such a line has no verdict, and no
 * verdict is never an approval.
 *
 * @param more findings listed beyond the {@link #MAX_FINDINGS} kept
 */
public record ReviewVerdict(Verdict verdict, List<String> findings, int more) {
    public static final int MAX_FINDINGS = 8;
    /** Eight of these and the rest of a summary fit its default 1500 characters. */
    private static final int MAX_FINDING_CHARS = 120;
    /** "VERDICT: approve", "**Verdict:** changes", "Verdict - changes requested", in any case. */
    private static final Pattern LINE = Pattern.compile(
            "^verdict\\s*[:=\\-–—]\\s*(approved?|lgtm|request(?:ed)?\\s+changes|changes(?:\\s+requested)?)\\b(.*)$");
    private static final Pattern ITEM = Pattern.compile("^\\s{0,6}(?:[-*+•]|\\d{1,2}[.)])\\s+(.*\\S)\\s*$");
    private static final Pattern NO_FINDINGS = Pattern.compile("^(none|no findings|nothing|n/a)\\.?$");

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
        if (job.spec().reviewOf() == null || !job.status().isTerminal()) {
            return Optional.empty();
        }
        if (job.status() != JobStatus.SUCCEEDED || job.report() == null) {
            return Optional.of(new ReviewVerdict(Verdict.NONE, List.of(), 0));
        }
        return Optional.of(parse(job.report().finalMessage()));
    }

    /** The verdict of a reviewer's message: its last VERDICT line wins; list items elsewhere are the findings. */
    public static ReviewVerdict parse(String message) {
        if (message == null || message.isBlank()) {
            return new ReviewVerdict(Verdict.NONE, List.of(), 0);
        }
        Verdict verdict = Verdict.NONE;
        List<String> items = new ArrayList<>();
        for (String raw : message.split("\\R")) {
            Matcher item = ITEM.matcher(raw);
            String text = plain(item.matches() ? item.group(1) : raw);
            Matcher v = LINE.matcher(text.toLowerCase(Locale.ROOT));
            if (v.matches()) {
                // an echo of the instruction ("approve or changes") decides nothing
                if (!v.group(2).matches("\\s*(or\\b|[/|]).*")) {
                    String word = v.group(1);
                    verdict = word.startsWith("approve") || word.equals("lgtm") ? Verdict.APPROVE : Verdict.CHANGES;
                }
            } else if (item.matches() && !text.isEmpty()
                    && !NO_FINDINGS.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                items.add(Clip.oneLine(text, MAX_FINDING_CHARS));
            }
        }
        int kept = Math.min(MAX_FINDINGS, items.size());
        return new ReviewVerdict(verdict, items.subList(0, kept), items.size() - kept);
    }

    /** The verdict and findings as summary lines: the verdict line first. */
    public String render(String reviewed) {
        StringBuilder b = new StringBuilder("Verdict: ").append(verdict.wire());
        if (verdict == Verdict.NONE) {
            b.append(" found (this is not an approval)");
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
        return verdict.wire() + (n == 0 ? "" : ", " + n + " finding" + (n == 1 ? "" : "s"));
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
