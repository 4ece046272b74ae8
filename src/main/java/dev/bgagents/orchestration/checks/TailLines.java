package dev.bgagents.orchestration.checks;

import dev.bgagents.jobs.Job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which lines of a failing check's output are quoted — to the summary, to the agent's fix round.
 * No line keeps its trailing spaces (type checkers pad theirs to hundreds). When the output does not
 * fit, the lines that name a file the job changed come first — its own error among thousands from
 * dependencies — and then the last lines (the runner's verdict, its count), "…" standing where lines
 * were left out; never more lines or characters than the bounds given, "…" lines counted.
 */
final class TailLines {
    static final String GAP = "…";
    /** The diffstat's counts ("path +3 -1"), after the path. */
    private static final Pattern COUNTS = Pattern.compile(" \\+\\d+ -\\d+$");
    /** Files looked for in each line, at most: a change of more is not read for its own lines line by line. */
    private static final int MAX_FILES = 200;

    /** The job's changed files, repository paths; and its worktree, so an absolute path to one counts too. */
    private final List<String> files;
    private final String tree;

    TailLines(List<String> files, String tree) {
        this.files = List.copyOf(files);
        this.tree = tree;
    }

    /** For output that names nothing of a job's (a check on its base): the last lines alone. */
    static TailLines none() {
        return new TailLines(List.of(), null);
    }

    /** The files of the job's diffstat (both names of a rename), none for a job without a worktree. */
    static TailLines of(Job job) {
        if (job.workspace() == null) {
            return none();
        }
        List<String> files = new ArrayList<>();
        for (String line : job.workspace().diffstat().subList(0, Math.min(MAX_FILES, job.workspace().diffstat().size()))) {
            for (String name : COUNTS.matcher(line).replaceFirst("").split(" → ")) {
                if (!name.isBlank() && !name.startsWith("\"")) {
                    files.add(name);
                }
            }
        }
        return new TailLines(files, job.workspace().path().toString());
    }

    /** Whether {@code line} names one of the job's files as a path of its own, not inside another one's. */
    boolean names(String line) {
        for (String f : files) {
            for (int at = line.indexOf(f); at >= 0; at = line.indexOf(f, at + 1)) {
                if (startsPath(line, at) && endsPath(line, at + f.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A path starts at {@code at}: no longer path runs on into it, save "./" or the job's worktree. */
    private boolean startsPath(String line, int at) {
        String before = line.substring(0, at);
        if (before.endsWith("./")) {
            before = before.substring(0, at - 2);
        } else if (tree != null && before.endsWith(tree + "/")) {
            before = before.substring(0, at - tree.length() - 1);
        }
        return before.isEmpty() || !pathChar(before.charAt(before.length() - 1));
    }

    /** A path ends at {@code end}: no longer name goes on from it ("app.ts" is not "app.tsx"), save a full stop. */
    private static boolean endsPath(String line, int end) {
        if (end == line.length()) {
            return true;
        }
        char c = line.charAt(end);
        if (c == '.') {
            return end + 1 == line.length() || !Character.isLetterOrDigit(line.charAt(end + 1));
        }
        return !pathChar(c);
    }

    private static boolean pathChar(char c) {
        return Character.isLetterOrDigit(c) || "_.@/-".indexOf(c) >= 0;
    }

    /** The lines of {@code text} that name one of the job's files, trailing spaces gone. */
    List<String> naming(String text) {
        return lines(text.lines().toList()).stream().filter(this::names).toList();
    }

    /**
     * The lines of a check's log worth quoting, read through once whatever its size ({@link LogScan}):
     * the first {@code max} that name the job's files and the last {@code max}.
     */
    List<String> read(Path log, int max) {
        return LogScan.read(log, max, this::names);
    }

    /** What of {@code text} is quoted within {@code maxLines} lines and {@code maxChars} characters. */
    String pick(String text, int maxLines, int maxChars) {
        return pick(text.lines().toList(), maxLines, maxChars);
    }

    String pick(List<String> raw, int maxLines, int maxChars) {
        List<String> lines = lines(raw);
        String all = String.join("\n", lines);
        if (lines.size() <= maxLines && all.length() <= maxChars) {
            return all;
        }
        String[] shown = lines.toArray(String[]::new);
        TreeSet<Integer> kept = new TreeSet<>();
        // the job's own lines first, in up to two thirds of the room: the last lines get the rest
        for (int i = 0; i < shown.length; i++) {
            if (shown[i].equals(GAP) || !names(shown[i])) {
                continue;
            }
            if (!fits(shown, with(kept, i), maxLines * 2 / 3, maxChars * 2 / 3)) {
                break;
            }
            kept.add(i);
        }
        int last = shown.length - 1;
        for (int i = last; i >= 0; i--) {
            if (kept.contains(i) || shown[i].equals(GAP)) {
                continue;
            }
            if (i == last && !fits(shown, with(kept, i), maxLines, maxChars)) {
                // the very last line alone is too long: its end, as much as the room holds
                String line = shown[i];
                shown[i] = "";
                int room = maxChars - render(shown, with(kept, i)).length();
                shown[i] = room > 1 && line.length() >= room ? GAP + line.substring(line.length() - room + 1) : line;
            }
            if (!fits(shown, with(kept, i), maxLines, maxChars)) {
                break;
            }
            kept.add(i);
        }
        return render(shown, kept);
    }

    /** The lines, controls already gone: trailing spaces dropped, blank lines at either end too. */
    private static List<String> lines(List<String> raw) {
        List<String> lines = new ArrayList<>(raw.stream().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static TreeSet<Integer> with(TreeSet<Integer> kept, int i) {
        TreeSet<Integer> more = new TreeSet<>(kept);
        more.add(i);
        return more;
    }

    private static boolean fits(String[] shown, TreeSet<Integer> kept, int maxLines, int maxChars) {
        String r = render(shown, kept);
        return r.lines().count() <= maxLines && r.length() <= maxChars;
    }

    /**
     * The kept lines in their order, one "…" line wherever lines between two of them were left out
     * (none before the first: what is quoted is the end of the output, as its reader expects).
     */
    private static String render(String[] shown, TreeSet<Integer> kept) {
        StringBuilder out = new StringBuilder();
        int next = -1;
        for (int i : kept) {
            if (next >= 0 && i > next) {
                out.append(GAP).append('\n');
            }
            out.append(shown[i]).append('\n');
            next = i + 1;
        }
        return out.isEmpty() ? "" : out.substring(0, out.length() - 1);
    }
}
