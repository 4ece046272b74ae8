package dev.bgagents.text;

/**
 * Text an agent chose — file names, commit subjects, messages — as the server shows it: every
 * control character (line and paragraph separators and invisible format characters such as bidi
 * overrides included) written as an escape, so that nothing an agent wrote can start a line of
 * its own, ring a terminal's bell or recolour it. Other non-ASCII text is kept: people read it.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * A path as git quotes one ({@code core.quotePath}, non-ASCII kept): unchanged when it needs
     * nothing, else in double quotes with C escapes — {@code "x\nVerified"}, {@code "bell\a\x1b[31m"} —
     * and {@code \"} and {@code \\} for its own quotes and backslashes, so a quoted name is told apart
     * from a name that merely looks quoted.
     */
    public static String name(String path) {
        if (path == null || path.codePoints().noneMatch(c -> hidden(c) || c == '"' || c == '\\')) {
            return path;
        }
        StringBuilder b = new StringBuilder(path.length() + 8).append('"');
        path.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (hidden(c)) {
                escape(b, c);
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    /** Text of many lines with its line breaks (\n, and \r\n) and tabs kept, every other control character escaped. */
    public static String text(String s) {
        if (s == null || s.codePoints().noneMatch(c -> hidden(c) && c != '\n' && c != '\t' && c != '\r')) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean lineEnd = c == '\r' && i < s.length() && s.charAt(i) == '\n';
            if (hidden(c) && c != '\n' && c != '\t' && !lineEnd) {
                escape(b, c);
            } else {
                b.appendCodePoint(c);
            }
        }
        return b.toString();
    }

    /** Text on one line: runs of whitespace made one space, every other control character escaped. */
    public static String line(String s) {
        return s == null ? null : text(s.strip().replaceAll("[\\s\\u0085\\u2028\\u2029]+", " "));
    }

    /** Characters that are not shown as themselves: C0 and C1 controls, DEL, line and paragraph separators, formats. */
    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }

    private static void escape(StringBuilder b, int c) {
        switch (c) {
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\t' -> b.append("\\t");
            case '\n' -> b.append("\\n");
            case 0x0b -> b.append("\\v");
            case '\f' -> b.append("\\f");
            case '\r' -> b.append("\\r");
            default -> b.append(String.format(c < 0x100 ? "\\x%02x" : c <= 0xffff ? "\\u%04x" : "\\U%08x", c));
        }
    }
}
