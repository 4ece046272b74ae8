package dev.bgagents.agents.codex;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.CommandRun;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.bgagents.agents.Fixtures.edited;
import static dev.bgagents.agents.Fixtures.indexOfLineContaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodexCliParserTest {
    private static final String WRITE_THREAD = "01a20274-fada-79b0-bd17-6dae4c44f50b";
    private static final String RECONNECT =
            "{\"type\":\"error\",\"message\":\"Reconnecting... %d/5 (stream disconnected before completion: "
                    + "error sending request for url (http://127.0.0.1:9/v1/responses))\"}";

    // ---- the captured runs as they are ----

    @Test
    void writeRunSucceedsWithItsThreadMessageFilesAndUsage() throws IOException {
        AgentReport r = parse(Fixtures.lines("codex-write.stdout.jsonl"), 0);

        assertTrue(r.succeeded(), r.reason());
        assertNull(r.reason());
        assertEquals(WRITE_THREAD, r.sessionId());
        assertEquals("Done: created hello.txt. Hello from the mock Responses server!", r.finalMessage());
        assertTrue(r.filesChanged().contains("/home/dev/project/hello.txt"), r.filesChanged().toString());
        assertEquals(40L, r.usage().inputTokens());
        assertEquals(16L, r.usage().outputTokens());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void threadIdIsKnownRightAfterTheFirstLine() throws IOException {
        StreamParser p = new CodexCli().newParser();
        assertNull(p.sessionId());

        p.line(Fixtures.lines("codex-write.stdout.jsonl").get(0));

        assertEquals(WRITE_THREAD, p.sessionId());
    }

    @Test
    void lastActivityNamesTheChangedFile() throws IOException {
        List<String> lines = Fixtures.lines("codex-write.stdout.jsonl");
        StreamParser p = new CodexCli().newParser();

        lines.subList(0, indexOfLineContaining(lines, "\"item.completed\"") + 1).forEach(p::line);

        assertTrue(p.lastActivity().contains("/home/dev/project/hello.txt"), p.lastActivity());
    }

    @Test
    void rateLimitedRunFailsWithRateLimitedAnd429() throws IOException {
        AgentReport r = parse(Fixtures.lines("codex-429.jsonl"), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("rate limited"), r.reason());
        assertTrue(r.reason().contains("429"), r.reason());
        assertEquals("01a2026b-cea6-75f2-96a3-20e45a694c11", r.sessionId());
    }

    @Test
    void cutStreamFailsAsCutOffAndKeepsThePartialMessage() throws IOException {
        AgentReport r = parse(Fixtures.lines("codex-cut-stream.jsonl"), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off") && r.reason().contains("stream closed"), r.reason());
        assertEquals("Hello from the mock Responses server!", r.finalMessage());
    }

    @Test
    void streamEndingWithoutTurnCompletedFailsEvenWithExitZero() throws IOException {
        List<String> lines = Fixtures.lines("codex-write.stdout.jsonl");

        AgentReport r = parse(lines.subList(0, lines.size() - 1), 0);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off"), r.reason());
        assertEquals(WRITE_THREAD, r.sessionId());
    }

    // ---- a command_execution item derived from the real agent_message line ----

    @Test
    void failingCommandIsRecordedWithItsExitCode() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("codex-write.stdout.jsonl"));
        int message = indexOfLineContaining(lines, "\"agent_message\"");
        String command = edited(lines.get(message), node -> {
            var item = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("item");
            item.remove("text");
            item.put("id", "item_9");
            item.put("type", "command_execution");
            item.put("command", "/bin/bash -lc 'make test'");
            item.put("aggregated_output", "make: *** [test] Error 2\n");
            item.put("exit_code", 2);
            item.put("status", "failed");
        });
        lines.add(message, command);
        StreamParser p = new CodexCli().newParser();

        lines.subList(0, message + 1).forEach(p::line);
        assertTrue(p.lastActivity().contains("make test") && p.lastActivity().contains("2"), p.lastActivity());
        lines.subList(message + 1, lines.size()).forEach(p::line);
        AgentReport r = p.finish(0, "");

        assertEquals(List.of(new CommandRun("/bin/bash -lc 'make test'", 2, true)), r.commands());
        assertTrue(r.succeeded(), "a failing command does not fail the turn: " + r.reason());
    }

    // ---- reconnect loop: the model server is down ----

    @Test
    void threeReconnectsInARowAreFatalAsUnreachable() {
        StreamParser p = new CodexCli().newParser();
        p.line("{\"type\":\"thread.started\",\"thread_id\":\"t\"}");
        p.line("{\"type\":\"turn.started\"}");

        p.line(String.format(RECONNECT, 1));
        p.line(String.format(RECONNECT, 2));
        assertNull(p.fatal());
        p.line(String.format(RECONNECT, 3));

        assertNotNull(p.fatal());
        assertTrue(p.fatal().contains("unreachable"), p.fatal());
    }

    @Test
    void reconnectsInterruptedByAnotherEventStartCountingAgain() {
        StreamParser p = new CodexCli().newParser();
        p.line(String.format(RECONNECT, 1));
        p.line(String.format(RECONNECT, 2));
        p.line("{\"type\":\"turn.started\"}");
        p.line(String.format(RECONNECT, 1));
        p.line(String.format(RECONNECT, 2));

        assertNull(p.fatal());

        p.line(String.format(RECONNECT, 3));
        assertNotNull(p.fatal());
    }

    @Test
    void reconnectsAreNotReportedAsErrors() {
        StreamParser p = new CodexCli().newParser();
        p.line(String.format(RECONNECT, 1));

        AgentReport r = p.finish(null, "");

        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    // ---- stderr ----

    @Test
    void missingProviderKeyOnStderrFailsAsCredentialsMissing() {
        AgentReport r = Fixtures.parse(new CodexCli().newParser(), List.of(),
                List.of("Error: Missing environment variable: `MOCK_API_KEY`."), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("credentials missing"), r.reason());
        assertTrue(r.reason().contains("MOCK_API_KEY"), r.reason());
    }

    @Test
    void exitWithoutStreamOrKnownStderrPutsTheLastStderrLineInTheReason() {
        AgentReport r = Fixtures.parse(new CodexCli().newParser(), List.of(),
                List.of("some noise", "error: unexpected argument '--full-auto' found"), 2);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("exited 2") && r.reason().contains("--full-auto"), r.reason());
        assertTrue(r.errors().contains("error: unexpected argument '--full-auto' found"), r.errors().toString());
    }

    @Test
    void nonJsonAndBlankLinesAreIgnored() throws IOException {
        List<String> noisy = new ArrayList<>();
        for (String line : Fixtures.lines("codex-write.stdout.jsonl")) {
            noisy.add("");
            noisy.add("Reading prompt from stdin...");
            noisy.add("{broken");
            noisy.add(line);
        }

        AgentReport r = parse(noisy, 0);

        assertTrue(r.succeeded(), r.reason());
        assertEquals("Done: created hello.txt. Hello from the mock Responses server!", r.finalMessage());
    }

    private static AgentReport parse(List<String> lines, int exitCode) {
        return Fixtures.parse(new CodexCli().newParser(), lines, List.of(), exitCode);
    }
}
