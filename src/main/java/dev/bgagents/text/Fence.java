package dev.bgagents.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A markdown fence for text an agent chose: longer than any run of backticks in it, so no line of it closes the fence. */
public final class Fence {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private Fence() {
    }

    public static String around(String text) {
        int longest = 0;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}
