package dev.bgagents.text;

/** Shortening of text for one-line displays. */
public final class Clip {
    private Clip() {
    }

    /**
     * Collapses whitespace to single spaces, escapes every other control character ({@link
     * Printable#line}) and cuts at {@code max} characters with an ellipsis.
     */
    public static String oneLine(String s, int max) {
        if (s == null) {
            return null;
        }
        String flat = Printable.line(s);
        return flat.length() <= max ? flat : flat.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** The last non-blank line of {@code s}, or null. */
    public static String lastLine(String s) {
        if (s == null) {
            return null;
        }
        String[] lines = s.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return null;
    }
}
