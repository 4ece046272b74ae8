package dev.bgagents.agents.claude;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.CommandRun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.bgagents.agents.Fixtures.indexOfLineContaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaudeCliParserTest {
    private static final ObjectMapper JSON = Fixtures.JSON;
    private static final String WRITE_SESSION = "2117fe14-353a-460e-8b4c-eab7a09dd684";

    // ---- the captured runs as they are ----

    @Test
    void writeRunSucceedsWithItsSessionMessageFilesUsageAndTurns() throws IOException {
        AgentReport r = parse(fixture("claude-write.stdout.jsonl"), 0, "");

        assertTrue(r.succeeded());
        assertNull(r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
        assertEquals("Done: wrote hello.txt. Hello from the mock Anthropic server!", r.finalMessage());
        assertTrue(r.filesChanged().contains("/home/dev/project/hello.txt"), r.filesChanged().toString());
        assertEquals(24L, r.usage().inputTokens());
        assertEquals(14L, r.usage().outputTokens());
        assertEquals(0.00047, r.usage().costUsd(), 1e-12);
        assertEquals(2, r.turns());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void sessionIdIsKnownRightAfterTheInitLine() throws IOException {
        List<String> lines = fixture("claude-write.stdout.jsonl");
        StreamParser p = new ClaudeCli().newParser();
        assertNull(p.sessionId());

        p.line(lines.get(0));

        assertEquals(WRITE_SESSION, p.sessionId());
    }

    @Test
    void lastActivityNamesTheWrittenFileRightAfterTheWriteLine() throws IOException {
        List<String> lines = fixture("claude-write.stdout.jsonl");
        StreamParser p = new ClaudeCli().newParser();
        int write = indexOfLineContaining(lines, "\"name\":\"Write\"");

        lines.subList(0, write + 1).forEach(p::line);

        assertTrue(p.lastActivity().contains("Write"), p.lastActivity());
        assertTrue(p.lastActivity().contains("/home/dev/project/hello.txt"), p.lastActivity());
    }

    @Test
    void jsonOutputRunSucceedsWithItsMessage() throws IOException {
        AgentReport r = parse(fixture("claude-json-output.json"), 0, "");

        assertTrue(r.succeeded());
        assertEquals("Hello from the mock Anthropic server!", r.finalMessage());
        assertEquals("308dc078-16ae-46f4-9ea5-782202c3c91a", r.sessionId());
    }

    @Test
    void maxTurnsRunFailsAndSaysItHitTheTurnLimit() throws IOException {
        AgentReport r = parse(fixture("claude-max-turns.json"), 1, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("turn limit"), r.reason());
        assertTrue(r.errors().contains("Reached maximum number of turns (1)"), r.errors().toString());
    }

    // ---- variants of the real result line ----

    @Test
    void apiErrorWithSuccessSubtypeFailsWithTheHttpStatusInTheReason() throws IOException {
        List<String> lines = withEditedResult(result -> {
            result.put("is_error", true);
            result.put("api_error_status", 429);
            result.put("result", "API Error: 429 rate limited");
        });
        assertEquals("success", JSON.readTree(lines.get(lines.size() - 1)).path("subtype").asText());

        AgentReport r = parse(lines, 1, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("429"), r.reason());
    }

    @Test
    void notLoggedInSaysSoInTheReason() throws IOException {
        List<String> lines = withEditedResult(result -> {
            result.put("is_error", true);
            result.put("result", "Not logged in · Please run /login");
        });

        AgentReport r = parse(lines, 1, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("not logged in"), r.reason());
    }

    @Test
    void terminalReasonOtherThanCompletedFailsEvenWithExitZero() throws IOException {
        List<String> lines = withEditedResult(result -> result.put("terminal_reason", "aborted"));

        AgentReport r = parse(lines, 0, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("aborted"), r.reason());
    }

    @Test
    void streamCutBeforeTheResultLineFailsEvenWithExitZero() throws IOException {
        List<String> lines = fixture("claude-write.stdout.jsonl");
        List<String> cut = lines.subList(0, lines.size() - 1);

        AgentReport r = parse(cut, 0, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("cut off") && r.reason().contains("final result"), r.reason());
        assertEquals(WRITE_SESSION, r.sessionId());
    }

    @Test
    void exitOneWithoutResultPutsTheStderrLineInTheReason() throws IOException {
        List<String> lines = fixture("claude-write.stdout.jsonl");

        AgentReport r = parse(lines.subList(0, 1), 1, "some noise\nError: something broke\n");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("Error: something broke"), r.reason());
        assertTrue(r.errors().contains("Error: something broke"), r.errors().toString());
    }

    @Test
    void exit127SaysCommandNotFound() {
        AgentReport r = parse(List.of(), 127, "sh: claude: not found");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("command not found"), r.reason());
    }

    // ---- Bash commands, built from the real Write tool_use / tool_result lines ----

    @Test
    void failingBashCommandIsRecordedWithItsExitCode() throws IOException {
        List<String> lines = withBashCommand("make test", true, "Exit code 2\nmake: *** [test] Error 2");

        AgentReport r = parse(lines, 0, "");

        assertEquals(List.of(new CommandRun("make test", 2, true)), r.commands());
    }

    @Test
    void succeedingBashCommandIsRecordedWithExitCodeZero() throws IOException {
        List<String> lines = withBashCommand("ls -la", false, "total 0");

        AgentReport r = parse(lines, 0, "");

        assertEquals(List.of(new CommandRun("ls -la", 0, false)), r.commands());
    }

    @Test
    void lastActivityShowsTheBashCommand() throws IOException {
        List<String> lines = withBashCommand("make test", false, "ok");
        StreamParser p = new ClaudeCli().newParser();

        lines.subList(0, indexOfLineContaining(lines, "\"name\":\"Bash\"") + 1).forEach(p::line);

        assertTrue(p.lastActivity().contains("make test"), p.lastActivity());
    }

    // ---- noise ----

    @Test
    void nonJsonAndBlankLinesAreIgnored() throws IOException {
        List<String> noisy = new ArrayList<>();
        for (String line : fixture("claude-write.stdout.jsonl")) {
            noisy.add("");
            noisy.add("   ");
            noisy.add("Warning: something on stdout");
            noisy.add("{not json at all");
            noisy.add(line);
        }

        AgentReport r = parse(noisy, 0, "");

        assertTrue(r.succeeded());
        assertEquals("Done: wrote hello.txt. Hello from the mock Anthropic server!", r.finalMessage());
    }

    // ---- helpers ----

    private static List<String> fixture(String name) throws IOException {
        return Fixtures.lines(name);
    }

    private static AgentReport parse(List<String> lines, int exitCode, String stderrTail) {
        StreamParser p = new ClaudeCli().newParser();
        lines.forEach(p::line);
        return p.finish(exitCode, stderrTail);
    }

    /** The write run with its last (result) line edited. */
    private static List<String> withEditedResult(Consumer<ObjectNode> edit) throws IOException {
        List<String> lines = new ArrayList<>(fixture("claude-write.stdout.jsonl"));
        int last = lines.size() - 1;
        ObjectNode result = (ObjectNode) JSON.readTree(lines.get(last));
        assertEquals("result", result.path("type").asText());
        edit.accept(result);
        lines.set(last, JSON.writeValueAsString(result));
        return lines;
    }

    /** The write run with its Write tool_use turned into a Bash call and its tool_result replaced. */
    private static List<String> withBashCommand(String command, boolean isError, String output)
            throws IOException {
        List<String> lines = new ArrayList<>(fixture("claude-write.stdout.jsonl"));
        int use = indexOfLineContaining(lines, "\"name\":\"Write\"");
        ObjectNode useLine = (ObjectNode) JSON.readTree(lines.get(use));
        ObjectNode block = (ObjectNode) useLine.path("message").path("content").get(0);
        block.put("name", "Bash");
        block.putObject("input").put("command", command);
        lines.set(use, JSON.writeValueAsString(useLine));

        int res = indexOfLineContaining(lines, "\"type\":\"tool_result\"");
        ObjectNode resultLine = (ObjectNode) JSON.readTree(lines.get(res));
        ObjectNode resultBlock = (ObjectNode) resultLine.path("message").path("content").get(0);
        assertEquals(block.path("id").asText(), resultBlock.path("tool_use_id").asText());
        resultBlock.put("content", output);
        resultBlock.put("is_error", isError);
        resultLine.remove("tool_use_result");
        lines.set(res, JSON.writeValueAsString(resultLine));
        return lines;
    }
}
