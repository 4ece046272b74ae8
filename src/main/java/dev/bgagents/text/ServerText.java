package dev.bgagents.text;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text the server writes to a host or a reviewer, knowing which of its lines are its own. A host
 * model reads a heading, a fence or a line saying "Next:" or "Verified:" as the server's word; so
 * such a line stands only where the server wrote it, as one of its own lines ({@link #own}).
 * Anywhere else it came from text an agent chose — escaping where that text enters should have
 * made that impossible: this is the last guard — and {@link #text()} quotes it with "> ", so it
 * reads as what it is. Inside a fence the server opened, nothing is checked: the fence quotes it
 * already, and is made so that nothing inside can close it.
 */
public final class ServerText {
    /** A label or heading the server writes, after leading blanks and emphasis ("**Next:**" is "Next:"). */
    private static final Pattern LABEL = Pattern.compile("^(?:#{1,6}(?:\\s|$)|(?i:next|verified|verify|verdict|reason"
            + "|findings|branch|changes|files written|commands|errors|usage|session|final message|whole answer"
            + "|winner's final message|task|fallback)\\s*:)");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");

    private final StringBuilder text = new StringBuilder();
    /** Which lines, counted from 0, are the server's own. */
    private final BitSet own = new BitSet();
    private int lines;

    /** A line of the server's own (one-line values in it are escaped already), ended here. */
    public ServerText own(String line) {
        own.set(lines);
        return add(line + "\n");
    }

    /** Text that is not one of the server's own lines (an agent's message, a diff): none of it stands as such. */
    public ServerText add(String more) {
        text.append(more);
        more.chars().filter(c -> c == '\n').forEach(c -> lines++);
        return this;
    }

    /** {@code more} after this text, its own lines still its own; this text must end with a line. */
    public ServerText add(ServerText more) {
        more.own.stream().forEach(i -> own.set(lines + i));
        return add(more.text.toString());
    }

    public int length() {
        return text.length();
    }

    /** The text, with every line that reads as the server's own structure but is not one of its own quoted. */
    public String text() {
        String[] all = text.toString().split("\n", -1);
        String closing = null;
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            if (closing != null) {
                if (own.get(i) && line.equals(closing)) {
                    closing = null;
                }
            } else if (own.get(i)) {
                Matcher fence = FENCE.matcher(line);
                closing = fence.find() ? fence.group(1) : null;
            } else if (structural(line)) {
                all[i] = "> " + line;
            }
        }
        return String.join("\n", all);
    }

    /** Text an agent wrote, to stand among the server's lines: control characters escaped, structural lines quoted. */
    public static String quote(String agentText) {
        return agentText == null ? null : new ServerText().add(Printable.text(agentText)).text();
    }

    /** Whether a line reads as the server's structure: a heading, a fence, or one of its labels. */
    static boolean structural(String line) {
        return FENCE.matcher(line).find() || LABEL.matcher(line.replaceFirst("^[\\s*_`]+", "")).find();
    }
}
