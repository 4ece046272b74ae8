package dev.bgagents.agents;

import dev.bgagents.agents.claude.ClaudeCli;
import dev.bgagents.agents.codex.CodexCli;
import dev.bgagents.agents.gemini.GeminiCli;
import dev.bgagents.agents.opencode.OpencodeCli;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.bgagents.agents.Fixtures.indexOfLineContaining;
import static dev.bgagents.agents.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.*;

/** What each parser tells of usage and turns while the run goes on, on the real captured streams. */
class UsageSoFarTest {

    private static StreamParser fed(StreamParser p, List<String> lines, int upTo) {
        lines.subList(0, upTo).forEach(p::line);
        return p;
    }

    @Test
    void claudeSumsTheUsageOfEachMessageOnceAndCountsMessagesAsTurns() throws IOException {
        List<String> lines = lines("claude-write.stdout.jsonl");
        int result = indexOfLineContaining(lines, "\"type\":\"result\"");
        // two messages: the first spans two assistant events (text, then the Write), each with its usage
        StreamParser p = fed(new ClaudeCli().newParser(), lines, result);
        assertEquals(26L, p.usageSoFar().tokens(), "12 in + 1 out per message, not per event");
        assertNull(p.usageSoFar().costUsd(), "claude tells the cost only in its result");
        assertEquals(2, p.turnsSoFar());
        assertFalse(p.ended());

        p.line(lines.get(result));
        assertTrue(p.ended(), "the result is the run's end");
        assertEquals(38L, p.usageSoFar().tokens(), "the result's totals: 24 in, 14 out");
        assertNotNull(p.usageSoFar().costUsd());
        assertEquals(2, p.turnsSoFar());
    }

    @Test
    void claudeAtItsOwnTurnLimitSaysOverBudget() throws IOException {
        StreamParser p = new ClaudeCli().newParser();
        AgentReport r = Fixtures.parse(p, lines("claude-max-turns.json"), List.of(), 1);
        assertEquals("over budget: max_turns 1 reached: claude stopped at its turn limit", r.reason());
    }

    @Test
    void opencodeAddsEachStepsTokensAndCostAsTheStepsFinish() throws IOException {
        List<String> lines = lines("opencode-write.stdout.jsonl");
        StreamParser p = new OpencodeCli().newParser();
        assertEquals(Usage.NONE, p.usageSoFar());
        int firstStep = indexOfLineContaining(lines, "\"reason\":\"tool-calls\"");
        fed(p, lines, firstStep + 1);
        assertEquals(19L, p.usageSoFar().tokens());
        assertEquals(0.0, p.usageSoFar().costUsd());
        assertEquals(1, p.turnsSoFar());

        assertFalse(p.ended(), "a tool-calls step is not the end");
        lines.subList(firstStep + 1, lines.size()).forEach(p::line);
        assertTrue(p.ended(), "the stop step is");
        assertEquals(38L, p.usageSoFar().tokens());
        assertEquals(2, p.turnsSoFar());
    }

    @Test
    void codexTellsUsageOnlyOnceItsTurnCompleted() throws IOException {
        List<String> lines = lines("codex-write.stdout.jsonl");
        int done = indexOfLineContaining(lines, "\"type\":\"turn.completed\"");
        StreamParser p = fed(new CodexCli().newParser(), lines, done);
        assertNull(p.usageSoFar().tokens());
        assertFalse(p.ended());

        p.line(lines.get(done));
        assertTrue(p.ended());
        assertEquals(56L, p.usageSoFar().tokens(), "40 in + 16 out");
    }

    @Test
    void geminiCountsItsModelResponsesAsTurns() throws IOException {
        List<String> lines = lines("gemini-write.stdout.jsonl");
        int toolResult = indexOfLineContaining(lines, "\"type\":\"tool_result\"");
        StreamParser p = fed(new GeminiCli().newParser(), lines, toolResult + 1);
        assertEquals(1, p.turnsSoFar(), "the write_file call");

        int result = indexOfLineContaining(lines, "\"type\":\"result\"");
        lines.subList(toolResult + 1, result).forEach(p::line);
        assertEquals(2, p.turnsSoFar(), "nine streamed deltas are one answer");
        assertNull(p.usageSoFar().tokens(), "gemini's stats come with its result only");
        assertFalse(p.ended());
        p.line(lines.get(result));
        assertTrue(p.ended());
    }
}
