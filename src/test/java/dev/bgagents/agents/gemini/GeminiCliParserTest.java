package dev.bgagents.agents.gemini;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.Fixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

class GeminiCliParserTest {
    private static final String WRITE_SESSION = "2f48f586-4198-44d4-9444-629a86a20d55";
    private static final String WRITE_MESSAGE = "Done: wrote hello.txt. Hello from the mock Gemini server!";
    private static final String ATTEMPT_429 = "Attempt %d failed with status 429. Retrying with backoff... "
            + "ApiError: {\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}";

    // ---- the captured runs as they are ----

    @Test
    void writeRunSucceedsWithItsSessionMessageFilesAndUsage() throws IOException {
        AgentReport r = parse(Fixtures.lines("gemini-write.stdout.jsonl"), 0);

        assertTrue(r.succeeded(), r.reason());
        assertNull(r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
        assertEquals(WRITE_MESSAGE, r.finalMessage());
        assertTrue(r.filesChanged().contains("/home/dev/project/hello.txt"), r.filesChanged().toString());
        assertEquals(20L, r.usage().inputTokens());
        assertEquals(10L, r.usage().outputTokens());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void sessionIdIsKnownRightAfterTheInitLine() throws IOException {
        StreamParser p = new GeminiCli().newParser();
        assertNull(p.sessionId());

        p.line(Fixtures.lines("gemini-write.stdout.jsonl").get(0));

        assertEquals(WRITE_SESSION, p.sessionId());
    }

    @Test
    void lastActivityNamesTheWrittenFile() throws IOException {
        List<String> lines = Fixtures.lines("gemini-write.stdout.jsonl");
        StreamParser p = new GeminiCli().newParser();

        lines.subList(0, indexOfLineContaining(lines, "\"tool_use\"") + 1).forEach(p::line);

        assertTrue(p.lastActivity().contains("write_file"), p.lastActivity());
        assertTrue(p.lastActivity().contains("/home/dev/project/hello.txt"), p.lastActivity());
    }

    @Test
    void maxTurnsRunFailsAndSaysItHitTheTurnLimit() throws IOException {
        AgentReport r = parse(Fixtures.lines("gemini-max-turns.jsonl"), 53);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("turn limit"), r.reason());
        assertEquals("0296b104-124e-47d7-b720-ec49ea1b3e9d", r.sessionId());
        assertTrue(r.errors().stream().anyMatch(e -> e.contains("Reached max session turns")), r.errors().toString());
    }

    @Test
    void streamCutBeforeTheResultFailsEvenWithExitZero() throws IOException {
        List<String> lines = Fixtures.lines("gemini-write.stdout.jsonl");

        AgentReport r = parse(lines.subList(0, lines.size() - 1), 0);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off"), r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
        assertEquals(WRITE_MESSAGE, r.finalMessage());
    }

    @Test
    void errorStatusInTheResultFailsEvenWithExitZero() throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("gemini-write.stdout.jsonl"));
        int last = lines.size() - 1;
        lines.set(last, edited(lines.get(last), result -> {
            result.put("status", "error");
            result.putObject("error").put("type", "ApiError").put("message", "got status: 429 Too Many Requests");
        }));

        AgentReport r = parse(lines, 0);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("rate limited"), r.reason());
    }

    // ---- exit codes with no result event ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            41  | not authenticated
            53  | turn limit
            145 | authentication failed (HTTP 401)
            173 | rate limited (HTTP 429)
            244 | model server error (HTTP 500)
            """)
    void exitCodeWithoutResultSaysWhatItMeans(int exitCode, String expected) throws IOException {
        List<String> lines = Fixtures.lines("gemini-write.stdout.jsonl").subList(0, 2);

        AgentReport r = parse(lines, exitCode);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains(expected), r.reason());
        assertTrue(r.reason().contains("exit " + exitCode), r.reason());
        assertEquals(GeminiCli.exitMeaning(exitCode), r.reason());
    }

    @Test
    void undocumentedExitCodeFallsBackToTheStderrLine() {
        assertNull(GeminiCli.exitMeaning(3));

        AgentReport r = Fixtures.parse(new GeminiCli().newParser(), List.of(), List.of("Error: something odd"), 3);

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("exited 3") && r.reason().contains("something odd"), r.reason());
    }

    // ---- backoff retries on stderr ----

    @Test
    void threeFailedAttemptsAreFatalAsRateLimited() {
        StreamParser p = new GeminiCli().newParser();
        p.line("{\"type\":\"init\",\"session_id\":\"s\",\"model\":\"gemini-2.5-pro\"}");

        p.stderrLine(String.format(ATTEMPT_429, 1));
        p.stderrLine(String.format(ATTEMPT_429, 2));
        assertNull(p.fatal());
        p.stderrLine(String.format(ATTEMPT_429, 3));

        assertNotNull(p.fatal());
        assertTrue(p.fatal().contains("rate limited"), p.fatal());
    }

    @Test
    void anAnswerFromTheModelResetsTheFailedAttempts() throws IOException {
        List<String> lines = Fixtures.lines("gemini-write.stdout.jsonl");
        StreamParser p = new GeminiCli().newParser();
        p.line(lines.get(0));
        p.stderrLine(String.format(ATTEMPT_429, 1));
        p.stderrLine(String.format(ATTEMPT_429, 2));
        p.line(lines.get(indexOfLineContaining(lines, "\"tool_use\"")));
        p.stderrLine(String.format(ATTEMPT_429, 1));

        assertNull(p.fatal());
    }

    @Test
    void otherStderrLinesAreNotCountedAsAttempts() {
        StreamParser p = new GeminiCli().newParser();
        for (int i = 0; i < 5; i++) {
            p.stderrLine("Loaded cached credentials.");
        }

        assertNull(p.fatal());
    }

    private static AgentReport parse(List<String> lines, int exitCode) {
        return Fixtures.parse(new GeminiCli().newParser(), lines, List.of(), exitCode);
    }
}
