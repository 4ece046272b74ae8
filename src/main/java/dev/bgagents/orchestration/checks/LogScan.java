package dev.bgagents.orchestration.checks;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static dev.bgagents.orchestration.checks.TailLines.GAP;

/** A check's log read line by line: the first lines naming the job's files, and the last lines, each with its number. */
final class LogScan {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");
    /** The longest line kept whole; the rest of a longer one is left out ("…"). */
    private static final int MAX_LINE = 8192;

    private final int max;
    private final List<String> named = new ArrayList<>();
    private final List<Long> namedAt = new ArrayList<>();
    private final ArrayDeque<String> last = new ArrayDeque<>();
    private final Predicate<String> names;
    private long count;

    private LogScan(int max, Predicate<String> names) {
        this.max = max;
        this.names = names;
    }

    /**
     * The lines of a check's log worth quoting, read through once whatever its size (a flood of
     * output is not held whole): the first {@code max} that {@code names} (they name the job's files)
     * and the last {@code max}, a "…" line between lines that did not follow each other, terminal
     * controls gone.
     */
    static List<String> read(Path log, int max, Predicate<String> names) {
        LogScan scan = new LogScan(max, names);
        try (Reader in = new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buf = new char[8192];
            boolean afterCr = false;
            for (int got = in.read(buf); got >= 0; got = in.read(buf)) {
                for (int k = 0; k < got; k++) {
                    char c = buf[k];
                    boolean crlf = c == '\n' && afterCr;
                    afterCr = c == '\r';
                    if (crlf) {
                        continue;
                    }
                    if (c == '\n' || c == '\r') {
                        scan.take(clean(line));
                        line.setLength(0);
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
            }
            if (!line.isEmpty()) {
                scan.take(clean(line));
            }
        } catch (IOException e) {
            return List.of();
        }
        return scan.quoted();
    }

    private void take(String line) {
        if (named.size() < max && names.test(line)) {
            named.add(line);
            namedAt.add(count);
        }
        last.addLast(line);
        if (last.size() > max) {
            last.removeFirst();
        }
        count++;
    }

    /** The named lines before the last ones, then the last ones, "…" wherever lines were left out. */
    private List<String> quoted() {
        List<String> out = new ArrayList<>();
        long firstLast = count - last.size();
        long next = 0;
        for (int i = 0; i < named.size() && namedAt.get(i) < firstLast; i++) {
            if (namedAt.get(i) > next && !out.isEmpty()) {
                out.add(GAP);
            }
            out.add(named.get(i));
            next = namedAt.get(i) + 1;
        }
        if (firstLast > next && !out.isEmpty()) {
            out.add(GAP);
        }
        out.addAll(last);
        return out;
    }

    /** A line as quoted: colours and other terminal controls gone, and what the line ran on past its cap. */
    private static String clean(StringBuilder line) {
        String l = ANSI.matcher(line).replaceAll("");
        l = CONTROL.matcher(l).replaceAll("");
        return line.length() >= MAX_LINE ? l + GAP : l;
    }
}
