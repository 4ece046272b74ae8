package dev.bgagents.orchestration.delivery;

import dev.bgagents.text.PlainTitle;
import dev.bgagents.text.Printable;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A pull request's title and body from what an agent and a task file wrote, as hostile text: the title
 * plain (no markdown, no control character, one line, bounded); the body bounded, every control
 * character escaped, HTML shown rather than rendered, and nothing in it that GitHub would act on —
 * no @mention that notifies someone, no issue reference, no closing keyword that would close an issue
 * once it merges.
 */
final class PullRequestText {
    static final int MAX_TITLE_CHARS = 120;
    static final int MAX_BODY_CHARS = 6_000;
    /** Invisible: breaks what GitHub would link or act on, and changes nothing a person reads. */
    private static final String ZWSP = "\u200B";
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern MENTION = Pattern.compile("@(?=[A-Za-z0-9])");
    private static final Pattern ISSUE = Pattern.compile("#(?=\\d)");
    private static final Pattern CLOSING = Pattern.compile("(?i)\\b(c)(los(?:e|es|ed))\\b|\\b(f)(ix(?:es|ed)?)\\b|\\b(r)(esolv(?:e|es|ed))\\b");

    private PullRequestText() {
    }

    /** The task's title as plain text (as a merge's subject is, tags gone too); {@code fallback} when nothing is left of it. */
    static String title(String taskTitle, String fallback) {
        String t = PlainTitle.of(TAG.matcher(taskTitle == null ? "" : taskTitle).replaceAll(""), MAX_TITLE_CHARS);
        return t.isEmpty() ? fallback : t;
    }

    /** The body: the server's own lines, then the job's summary, made inert. */
    static String body(List<String> own, String summary) {
        String s = Printable.text(summary == null ? "" : summary.strip());
        s = s.replace("&", "&amp;").replace("<", "&lt;");
        s = MENTION.matcher(s).replaceAll("@" + ZWSP);
        s = ISSUE.matcher(s).replaceAll("#" + ZWSP);
        s = CLOSING.matcher(s).replaceAll("$1$3$5" + ZWSP + "$2$4$6");
        String head = String.join("\n", own) + "\n\n";
        int room = MAX_BODY_CHARS - head.length();
        if (s.length() > room) {
            s = s.substring(0, Math.max(0, room - 40)).strip() + "\n\n… (clipped: read_summary has the rest)";
        }
        return head + s;
    }
}
