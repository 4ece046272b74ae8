package dev.bgagents.agents.opencode;

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

class OpencodeCliParserTest {
    private static final String WRITE_SESSION = "ses_dfd8ae748ffeoK0uk1BheJMJ1l";
    private static final String WRITE_MESSAGE = "Done: wrote hello.txt. Hello from the mock Anthropic server!";
    private static final String STREAM_ERROR = "timestamp=2026-11-22T08:47:44.%03dZ level=ERROR run=x "
            + "message=\"stream error\" providerID=mock modelID=claude-sonnet-4-5 sessionID=ses_x "
            + "error.name=AI_APICallError error.error=\"AI_APICallError: Internal Server Error\"";
    private static final String UNKNOWN_ERROR_EVENT = "{\"type\":\"error\",\"timestamp\":1795337264256,"
            + "\"sessionID\":\"ses_x\",\"error\":{\"name\":\"UnknownError\",\"data\":{\"message\":"
            + "\"Unexpected server error. Check server logs for details.\",\"ref\":\"err_1\"}}}";
    private static final String MODEL_NOT_FOUND_LOG = "timestamp=2026-11-22T08:47:44.001Z level=ERROR run=x "
            + "message=failed ref=err_1 error=\"ProviderModelNotFoundError: Model not found: mock/x.\" "
            + "error.name=ProviderModelNotFoundError";

    // ---- the captured runs as they are ----

    @Test
    void writeRunSucceedsWithItsSessionMessageFilesAndSummedUsage() throws IOException {
        AgentReport r = parse(Fixtures.lines("opencode-write.stdout.jsonl"), List.of(), 0);

        assertTrue(r.succeeded(), r.reason());
        assertNull(r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
        assertEquals(WRITE_MESSAGE, r.finalMessage());
        assertTrue(r.filesChanged().contains("/home/dev/project/hello.txt"), r.filesChanged().toString());
        assertEquals(24L, r.usage().inputTokens());
        assertEquals(14L, r.usage().outputTokens());
        assertEquals(0.0, r.usage().costUsd(), 1e-12);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void sessionIdIsKnownRightAfterTheFirstEvent() throws IOException {
        StreamParser p = new OpencodeCli().newParser();
        assertNull(p.sessionId());

        p.line(Fixtures.lines("opencode-write.stdout.jsonl").get(0));

        assertEquals(WRITE_SESSION, p.sessionId());
    }

    @Test
    void lastActivityNamesTheWrittenFile() throws IOException {
        List<String> lines = Fixtures.lines("opencode-write.stdout.jsonl");
        StreamParser p = new OpencodeCli().newParser();

        lines.subList(0, indexOfLineContaining(lines, "\"tool_use\"") + 1).forEach(p::line);

        assertTrue(p.lastActivity().contains("write"), p.lastActivity());
        assertTrue(p.lastActivity().contains("/home/dev/project/hello.txt"), p.lastActivity());
    }

    @Test
    void unauthorisedRunFailsWithAuthenticationFailedAnd401() throws IOException {
        AgentReport r = parse(Fixtures.lines("opencode-401.jsonl"), List.of(), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("authentication failed"), r.reason());
        assertTrue(r.reason().contains("401"), r.reason());
        assertEquals("ses_dfd8f6b4affealZ8NUxwTssz0l", r.sessionId());
    }

    @Test
    void streamCutBeforeTheStopStepFailsEvenWithExitZero() throws IOException {
        List<String> lines = Fixtures.lines("opencode-write.stdout.jsonl");

        AgentReport r = parse(lines.subList(0, lines.size() - 1), List.of(), 0);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off"), r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
    }

    @Test
    void failingBashCommandIsRecordedWithItsExitCode() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("opencode-write.stdout.jsonl"));
        int use = indexOfLineContaining(lines, "\"tool_use\"");
        lines.set(use, edited(lines.get(use), node -> {
            var part = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("part");
            part.put("tool", "bash");
            var state = part.putObject("state");
            state.put("status", "completed");
            state.putObject("input").put("command", "make test");
            state.put("output", "make: *** [test] Error 2");
            state.putObject("metadata").put("exit", 2);
        }));

        AgentReport r = parse(lines, List.of(), 0);

        assertEquals(List.of(new CommandRun("make test", 2, true)), r.commands());
        assertTrue(r.filesChanged().isEmpty(), r.filesChanged().toString());
    }

    @Test
    void aFailedToolCallTheAgentRecoversFromDoesNotFailTheRun() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("opencode-write.stdout.jsonl"));
        int use = indexOfLineContaining(lines, "\"tool_use\"");
        lines.set(use, edited(lines.get(use), node -> {
            var part = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("part");
            part.put("tool", "edit");
            var state = part.putObject("state");
            state.put("status", "error");
            state.putObject("input").put("filePath", "/home/dev/project/hello.txt")
                    .put("oldString", "hi").put("newString", "hello");
            state.put("error", "Error: oldString not found in content");
        }));

        AgentReport r = parse(lines, List.of(), 0);

        assertTrue(r.succeeded(), r.reason());
        assertNull(r.reason());
        assertEquals(WRITE_MESSAGE, r.finalMessage());
        assertTrue(r.errors().contains("edit: Error: oldString not found in content"), r.errors().toString());
    }

    @Test
    void aFailedToolCallInACutStreamLeavesTheReasonAsCutOff() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("opencode-write.stdout.jsonl"));
        int use = indexOfLineContaining(lines, "\"tool_use\"");
        lines.set(use, edited(lines.get(use), node -> {
            var state = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("part").get("state");
            state.put("status", "error");
            state.put("error", "Error: permission denied");
        }));

        AgentReport r = parse(lines.subList(0, use + 1), List.of(), 0);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off"), r.reason());
    }

    // ---- retries logged on stderr ----

    @Test
    void threeLoggedStreamErrorsAreFatalAsAModelServerError() {
        StreamParser p = new OpencodeCli().newParser();

        p.stderrLine(String.format(STREAM_ERROR, 1));
        p.stderrLine(String.format(STREAM_ERROR, 2));
        assertNull(p.fatal());
        p.stderrLine(String.format(STREAM_ERROR, 3));

        assertNotNull(p.fatal());
        assertTrue(p.fatal().contains("model server error"), p.fatal());
        assertTrue(p.fatal().contains("Internal Server Error"), p.fatal());
    }

    @Test
    void aFinishedStepBetweenStreamErrorsResetsTheCount() throws IOException {
        List<String> lines = Fixtures.lines("opencode-write.stdout.jsonl");
        StreamParser p = new OpencodeCli().newParser();

        p.stderrLine(String.format(STREAM_ERROR, 1));
        p.stderrLine(String.format(STREAM_ERROR, 2));
        p.line(lines.get(indexOfLineContaining(lines, "\"step_finish\"")));
        p.stderrLine(String.format(STREAM_ERROR, 3));
        p.stderrLine(String.format(STREAM_ERROR, 4));

        assertNull(p.fatal());
    }

    @Test
    void otherLogLinesAreNotCountedAsRetries() {
        StreamParser p = new OpencodeCli().newParser();
        for (int i = 0; i < 5; i++) {
            p.stderrLine("timestamp=2026-11-22T08:47:44.000Z level=WARN run=x message=\"stream error\" providerID=mock");
            p.stderrLine("timestamp=2026-11-22T08:47:44.000Z level=ERROR run=x message=\"tool failed\"");
        }

        assertNull(p.fatal());
    }

    // ---- a generic error event explained by the log ----

    @Test
    void unknownErrorIsExplainedByTheLoggedFailure() {
        AgentReport r = parse(List.of(UNKNOWN_ERROR_EVENT), List.of(MODEL_NOT_FOUND_LOG), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("not found") && r.reason().contains("model"), r.reason());
        assertTrue(r.reason().contains("mock/x"), r.reason());
        assertTrue(r.errors().stream().anyMatch(e -> e.contains("ProviderModelNotFoundError")), r.errors().toString());
    }

    @Test
    void unknownErrorWithoutALoggedFailureKeepsItsOwnMessage() {
        AgentReport r = parse(List.of(UNKNOWN_ERROR_EVENT), List.of(), 1);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("Unexpected server error"), r.reason());
    }

    @Test
    void anErrorEventFailsTheRunEvenAfterAStopStep() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("opencode-write.stdout.jsonl"));
        lines.addAll(Fixtures.lines("opencode-401.jsonl"));

        AgentReport r = parse(lines, List.of(), 0);

        assertFalse(r.succeeded());
        assertEquals(WRITE_MESSAGE, r.finalMessage());
    }

    private static AgentReport parse(List<String> stdout, List<String> stderr, int exitCode) {
        return Fixtures.parse(new OpencodeCli().newParser(), stdout, stderr, exitCode);
    }
}
