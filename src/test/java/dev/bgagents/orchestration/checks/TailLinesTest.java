package dev.bgagents.orchestration.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What of a failing check's output is quoted: no trailing spaces, and when it does not all fit, the
 * lines naming the job's files first, then the last lines, "…" between — within the bounds given.
 */
class TailLinesTest {
    private static final String TREE = "/state/worktrees/p-1/agent-1";
    private static final TailLines JOB = new TailLines(List.of("src/app.ts", "README.md"), TREE);

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "src/app.ts(3,7): error TS2322                         | true",
            "  at Object.<anonymous> (src/app.ts:12:3)             | true",
            "./src/app.ts:1 unexpected token                       | true",
            "" + TREE + "/src/app.ts:4:1 - error                   | true",
            "FAIL README.md.                                       | true",
            "node_modules/x/src/app.ts(3,7): error TS2322          | false",
            "/elsewhere/src/app.ts:4:1                             | false",
            "src/app.tsx(3,7): error                               | false",
            "lib/src/app.ts.map                                    | false",
            "nothing of the job's here                             | false"})
    void aLineNamesTheJobsFileOnlyAsAPathOfItsOwn(String line, boolean names) {
        assertEquals(names, JOB.names(line.strip()), line);
    }

    @Test
    void outputThatFitsIsQuotedWholeWithoutItsPadding() {
        assertEquals("error one\n\nerror two", JOB.pick("\n  \nerror one    \n   \nerror two\t \n\n", 25, 1500));
    }

    @Test
    void theJobsOwnLinesComeFirstThenTheLastOnesWithAGapMarkedBetween() {
        String out = IntStream.rangeClosed(1, 500).mapToObj(i -> i == 40 ? "src/app.ts(3,7): error TS2322" + " ".repeat(200)
                : "node_modules/dep/index.d.ts(" + i + ",1): error TS2304" + " ".repeat(200))
                .collect(Collectors.joining("\n")) + "\nFound 500 errors.";
        String tail = JOB.pick(out, 12, 600);
        List<String> lines = tail.lines().toList();
        assertEquals("src/app.ts(3,7): error TS2322", lines.get(0));
        assertEquals(TailLines.GAP, lines.get(1));
        assertEquals("Found 500 errors.", lines.get(lines.size() - 1));
        assertTrue(lines.size() <= 12 && tail.length() <= 600, lines.size() + " lines, " + tail.length() + " chars");
        assertTrue(lines.stream().noneMatch(l -> l.endsWith(" ")), tail);
    }

    @Test
    void theJobsLinesTakeAtMostTwoThirdsSoTheVerdictAtTheEndStays() {
        String out = IntStream.rangeClosed(1, 100).mapToObj(i -> "src/app.ts(" + i + ",1): error")
                .collect(Collectors.joining("\n")) + "\nFAILED: 100 errors";
        List<String> lines = JOB.pick(out, 12, 600).lines().toList();
        assertEquals(12, lines.size());
        assertEquals("src/app.ts(1,1): error", lines.get(0));
        assertEquals("FAILED: 100 errors", lines.get(11));
        assertTrue(lines.contains(TailLines.GAP), lines.toString());
    }

    @Test
    void withoutTheJobsLinesTheLastOnesAreKeptAndAnOverlongLastLineByItsEnd() {
        String many = IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        assertEquals(IntStream.rangeClosed(29, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")),
                JOB.pick(many, 12, 600));
        String tail = JOB.pick("first\n" + "x".repeat(2000) + "END", 12, 600);
        assertEquals(600, tail.length());
        assertTrue(tail.startsWith(TailLines.GAP) && tail.endsWith("xEND"), tail);
    }

    @Test
    void aLogIsReadThroughForTheJobsLinesHoweverLongAndQuotedAgainWithinTheSummarysBounds(@TempDir Path dir)
            throws Exception {
        String out = IntStream.rangeClosed(1, 20_000).mapToObj(i -> i == 7 ? "\u001B[31msrc/app.ts(3,7): error\u001B[0m"
                : "node_modules/dep/index.d.ts(" + i + ",1): error" + " ".repeat(300))
                .collect(Collectors.joining("\r\n")) + "\r\nFound 20000 errors.\r\n";
        Path log = Files.writeString(dir.resolve("verify.log"), out);
        String stored = CheckRun.tail(log, JOB);
        assertTrue(stored.startsWith("src/app.ts(3,7): error\n" + TailLines.GAP + "\n"), stored);
        assertTrue(stored.endsWith("Found 20000 errors."), stored);
        assertTrue(stored.lines().count() <= CheckStep.TAIL_LINES && stored.length() <= CheckStep.TAIL_CHARS);
        // the summary picks again from what was kept: the job's line still first
        String shown = JOB.pick(stored, 12, CheckSummary.TAIL_CHARS);
        assertTrue(shown.startsWith("src/app.ts(3,7): error\n" + TailLines.GAP + "\n"), shown);
        assertTrue(shown.endsWith("Found 20000 errors.") && shown.length() <= CheckSummary.TAIL_CHARS, shown);
        assertEquals(1, shown.lines().filter(TailLines.GAP::equals).count(), shown);
    }
}
