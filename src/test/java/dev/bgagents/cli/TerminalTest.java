package dev.bgagents.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TerminalTest {

    @Test
    void colourOnlyOnATerminalThatWantsIt() {
        assertTrue(Terminal.of(true, Map.of("TERM", "xterm", "COLUMNS", "120")).colour());
        assertFalse(Terminal.of(true, Map.of("TERM", "xterm", "NO_COLOR", "1", "COLUMNS", "120")).colour());
        assertFalse(Terminal.of(true, Map.of("TERM", "dumb", "COLUMNS", "120")).colour());
        assertFalse(Terminal.of(false, Map.of("TERM", "xterm")).colour());
        assertEquals(0, Terminal.of(false, Map.of()).width(), "a pipe has no width to fit");
        assertEquals(120, Terminal.of(true, Map.of("COLUMNS", "120")).width());
    }

    @Test
    void plainTextStaysPlain() {
        Terminal plain = Terminal.of(false, Map.of());
        assertEquals("failed", plain.state("failed", "failed"));
        assertEquals("\u001b[31mfailed\u001b[0m", Terminal.of(true, Map.of("COLUMNS", "80")).state("failed", "failed"));
    }

    @Test
    void durationsReadShort() {
        assertEquals("27s", JobTable.duration(27));
        assertEquals("3m04s", JobTable.duration(184));
        assertEquals("1h02m", JobTable.duration(3720));
    }
}
