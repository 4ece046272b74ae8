package dev.bgagents.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's table into docs/benchmarks.md, between the line that starts {@link #BEGIN} and the
 * line {@link #END}, so the page shows the benchmark's output and never figures typed by hand.
 * Asked for with {@code BENCH_DOCS=1 bench/run.sh [runs]}; only a run of every part replaces the page's table.
 */
final class DocsTable {
    static final String BEGIN = "<!-- bench:begin";
    static final String END = "<!-- bench:end -->";
    static final Path PAGE = Path.of("docs/benchmarks.md");

    private DocsTable() {
    }

    /** True when the environment asks for the page to be written ({@code BENCH_DOCS=1} or {@code true}). */
    static boolean asked(String env) {
        return env != null && (env.equals("1") || env.equalsIgnoreCase("true"));
    }

    /** The page with what lies between its markers replaced by {@code table}; the marker lines stay. */
    static String splice(String page, String table) {
        int begin = lineStarting(page, BEGIN, 0);
        if (begin < 0) {
            throw new IllegalArgumentException("no line starting " + BEGIN + " in the page");
        }
        int afterBegin = page.indexOf('\n', begin);
        if (afterBegin < 0) {
            throw new IllegalArgumentException("nothing after " + BEGIN);
        }
        int end = lineStarting(page, END, afterBegin + 1);
        if (end < 0) {
            throw new IllegalArgumentException("no line " + END + " after " + BEGIN);
        }
        String body = table.endsWith("\n") ? table : table + "\n";
        return page.substring(0, afterBegin + 1) + body + page.substring(end);
    }

    static void write(Path page, String table) throws IOException {
        Files.writeString(page, splice(Files.readString(page), table));
    }

    private static int lineStarting(String text, String prefix, int from) {
        int at = from;
        while (at <= text.length()) {
            if (text.startsWith(prefix, at)) {
                return at;
            }
            int next = text.indexOf('\n', at);
            if (next < 0) {
                return -1;
            }
            at = next + 1;
        }
        return -1;
    }
}
