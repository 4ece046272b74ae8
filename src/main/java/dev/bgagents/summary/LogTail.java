package dev.bgagents.summary;

import dev.bgagents.project.StateFiles;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

import java.nio.file.Path;
import java.util.List;

/**
 * The end of a log a job's process wrote (a setup, an install), as the server passes it on: its last
 * lines, terminal controls removed, within a number of characters; and in a summary, in a fence of its
 * own — the process's words, not the server's.
 */
public final class LogTail {
    private LogTail() {
    }

    /** The last {@code lines} lines of {@code log}, at most {@code chars} characters ("…" where cut); "" for none. */
    public static String of(Path log, int lines, int chars) {
        String text = StateFiles.tail(log, 64 * 1024).replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
                .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        return last(text, lines, chars);
    }

    /** {@code tail}, masked, its last {@code lines} within {@code chars}, in a fence under what {@code out} holds. */
    public static void fenced(ServerText out, String tail, Redactor redactor, int lines, int chars) {
        if (tail == null || tail.isBlank()) {
            return;
        }
        String last = last(Printable.text(redactor.redact(tail)), lines, chars);
        out.own("```").add(last.replace("```", "'''") + "\n").own("```");
    }

    private static String last(String text, int lines, int chars) {
        List<String> all = text.strip().lines().toList();
        String joined = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        return joined.length() <= chars ? joined : "…" + joined.substring(joined.length() - chars + 1);
    }
}
