package dev.bgagents.text;

import java.util.regex.Pattern;

/**
 * A task's title as plain text, for a commit subject or a pull request's title: its first line
 * without markdown (heading marks and a task file's "Task 04:", emphasis, backticks, links and
 * images, list and quote marks), without control characters, on one line, capped. What an agent
 * or a plan wrote is made into a subject here, never quoted raw into git.
 */
public final class PlainTitle {
    /** Git's advice for a subject line, and what most tools show unclipped. */
    public static final int MAX = 72;

    private static final Pattern CONTROL = Pattern.compile("\\x1B\\[[0-?]*[ -/]*[@-~]|\\x1B\\][^\\x07\\x1B]*(?:\\x07|\\x1B\\\\)?|[\\p{Cc}\\p{Cf}&&[^\\t\\n\\r]]");
    private static final Pattern BLOCK_MARK = Pattern.compile("^(?:\\s*(?:#{1,6}\\s+|>\\s*|[-*+]\\s+(?:\\[[ xX]]\\s+)?|\\d{1,3}[.)]\\s+))+");
    private static final Pattern TASK_NUMBER = Pattern.compile("^Task\\s+\\d{1,3}\\s*[:.\\-–—]\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAGE_OR_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(\\S(?:.*?\\S)?)\\1");
    private static final Pattern EMPHASIS = Pattern.compile("(?<![\\w*])([*_])(\\S(?:.*?\\S)?)\\1(?![\\w*])");
    private static final Pattern STRIKE = Pattern.compile("~~(\\S(?:.*?\\S)?)~~");
    private static final Pattern CLOSING_HASHES = Pattern.compile("\\s+#+\\s*$");

    private PlainTitle() {
    }

    /** The first non-blank line of {@code text} as plain text, at most {@link #MAX} characters; "" when there is none. */
    public static String of(String text) {
        return of(text, MAX);
    }

    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        String clean = CONTROL.matcher(text).replaceAll(" ");
        String line = clean.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.matches("[-=*_#`~\\s]+"))
                .findFirst().orElse("");
        boolean heading = line.startsWith("#");
        line = BLOCK_MARK.matcher(line).replaceFirst("");
        line = CLOSING_HASHES.matcher(line).replaceFirst("");
        if (heading) {
            line = TASK_NUMBER.matcher(line).replaceFirst("");
        }
        line = IMAGE_OR_LINK.matcher(line).replaceAll("$1");
        line = STRONG.matcher(line).replaceAll("$2");
        line = STRIKE.matcher(line).replaceAll("$1");
        line = EMPHASIS.matcher(line).replaceAll("$2");
        line = line.replace("`", "").replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1).stripTrailing() + "…";
    }
}
