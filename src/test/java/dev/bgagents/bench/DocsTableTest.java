package dev.bgagents.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocsTableTest {
    @Test
    void theTableGoesBetweenTheMarkersAndNothingElseMoves() {
        String page = "# B\n\nintro\n\n<!-- bench:begin: note -->\nold title\n\n| old |\n<!-- bench:end -->\n\nafter\n";
        String got = DocsTable.splice(page, "new title\n\n| new |\n");
        assertEquals("# B\n\nintro\n\n<!-- bench:begin: note -->\nnew title\n\n| new |\n<!-- bench:end -->\n\nafter\n", got);
        assertEquals(got, DocsTable.splice(got, "new title\n\n| new |"));
    }

    @Test
    void aPageWithoutItsMarkersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DocsTable.splice("# B\n| old |\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> DocsTable.splice("<!-- bench:end -->\n<!-- bench:begin -->\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> DocsTable.splice("text <!-- bench:begin -->\n<!-- bench:end -->\n", "x"));
    }

    @Test
    void theBenchmarksPageHasItsMarkersAndARunsTable() throws IOException {
        String page = Files.readString(DocsTable.PAGE);
        String table = BenchTable.render("bg-agents benchmarks: abc1234, medians of up to 1 runs, 2 cores, 2026-12-05, 1 min",
                List.of(Figure.of("start-up", "initialize answered", 100, "ms")));
        String written = DocsTable.splice(page, table);
        assertTrue(written.contains(table), written);
        assertFalse(written.contains("61d3ffe, medians"), "the recorded run is replaced");
    }

    @Test
    void onlyAnExplicitYesAsks() {
        assertTrue(DocsTable.asked("1"));
        assertTrue(DocsTable.asked("true"));
        assertFalse(DocsTable.asked(null));
        assertFalse(DocsTable.asked("0"));
    }
}
