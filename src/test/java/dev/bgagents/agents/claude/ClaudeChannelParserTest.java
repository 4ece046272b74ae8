package dev.bgagents.agents.claude;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.StreamParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * claude's stream as the relay leaves it in stdout.log — control requests and responses among the events, one
 * result per turn — captured from claude 2.1.197 against AnthropicMock (docs/agent-channels.md).
 */
class ClaudeChannelParserTest {

    @Test
    void anAllowedCommandReadsAsARunCommandAndTheControlLinesAreIgnored() throws IOException {
        List<String> lines = Fixtures.lines("claude-channel-allow.stdout.jsonl");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"control_request\"")));

        AgentReport r = parse(lines, 0);

        assertTrue(r.succeeded(), r.reason());
        assertEquals("Done: ran it.", r.finalMessage());
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.commands().size());
        assertFalse(r.commands().get(0).failed(), r.commands().toString());
    }

    @Test
    void aDeniedCommandIsAFailedCommandAndTheJobGoesOn() throws IOException {
        AgentReport r = parse(Fixtures.lines("claude-channel-deny.stdout.jsonl"), 0);

        assertTrue(r.succeeded(), r.reason());
        assertTrue(r.commands().get(0).failed(), r.commands().toString());
        assertEquals(List.of("Bash: touch /tmp/probe/deny/created — denied by the person: not now"), r.errors(),
                "the summary says what was denied and why");
    }

    @Test
    void turnsAfterAnInterruptAddTheirTokensAndTheLastResultDecides() throws IOException {
        AgentReport r = parse(Fixtures.lines("claude-channel-interrupt.stdout.jsonl"), 0);

        assertTrue(r.succeeded(), r.reason());
        assertEquals("Done: ran it.", r.finalMessage());
        assertEquals(24L, r.usage().inputTokens());
        assertEquals(14L, r.usage().outputTokens());
        // already the process's total in the last result
        assertEquals(0.00047, r.usage().costUsd(), 1e-12);
    }

    @Test
    void anInterruptWithNothingToGoOnWithEndsTheJobKeepingItsWork() throws IOException {
        AgentReport r = parse(Fixtures.lines("claude-channel-interrupt-end.stdout.jsonl"), 1);

        assertTrue(r.succeeded(), r.reason());
        assertTrue(r.reason().startsWith("interrupted"), r.reason());
    }

    @Test
    void aResultEndsTheStreamUntilAnotherTurnStarts() throws IOException {
        List<String> lines = Fixtures.lines("claude-channel-interrupt.stdout.jsonl");
        StreamParser p = new ClaudeCli().newParser();
        int firstResult = Fixtures.indexOfLineContaining(lines, "\"type\":\"result\"");
        for (int i = 0; i <= firstResult; i++) {
            p.line(lines.get(i));
        }
        assertTrue(p.ended());
        int next = Fixtures.indexOfLineContaining(lines.subList(firstResult + 1, lines.size()), "\"type\":\"assistant\"");
        for (int i = firstResult + 1; i <= firstResult + 1 + next; i++) {
            p.line(lines.get(i));
        }
        assertFalse(p.ended());
    }

    private static AgentReport parse(List<String> lines, int exit) {
        return Fixtures.parse(new ClaudeCli().newParser(), lines, List.of(), exit);
    }
}
