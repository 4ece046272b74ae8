package dev.bgagents.mcp.tasks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The cursor of a {@code tasks/list} page: a position among the jobs, oldest first. Jobs are only
 * ever appended, so a position stays valid between pages.
 */
final class TaskCursor {
    private TaskCursor() {
    }

    /** The cursor of the page that starts at {@code position}. */
    static String encode(int position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("jobs@" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for, among {@code size} jobs; an invalid-params error when it stands for none. */
    static int decode(String cursor, int size) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("jobs@")) {
                int position = Integer.parseInt(s.substring(5));
                if (position >= 0 && position <= size) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw TaskMethods.TaskError.invalidParams("invalid cursor: pass the nextCursor of the previous tasks/list answer");
    }
}
