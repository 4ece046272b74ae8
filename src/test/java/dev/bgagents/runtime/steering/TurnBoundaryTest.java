package dev.bgagents.runtime.steering;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Turn boundaries on the real CLIs' captured streams: which lines a steer may stop after. The
 * {@code -write} captures are one file write each; the {@code -steered} ones are runs that kept calling
 * their shell tool until the server stopped them (SteerE2EIT), so the stopped round ends just after a
 * boundary they were stopped at, then the resumed round.
 */
class TurnBoundaryTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/agent-output");

    @ParameterizedTest
    @CsvSource({
            // file: line numbers (1-based) that are boundaries
            "claude, claude-write.stdout.jsonl, 4",         // the user message with the Write's tool_result
            "codex, codex-write.stdout.jsonl, 4 5",         // file_change completed; the agent_message
            "gemini, gemini-write.stdout.jsonl, 4",         // tool_result
            "opencode, opencode-write.stdout.jsonl, 4 7",   // step_finish after the tool call; the last one
    })
    void aBoundaryIsAToolResultOrAFinishedMessage(String cli, String file, String expected) throws IOException {
        assertEquals(expected, String.join(" ", boundaries(cli, file)));
    }

    /**
     * Runs steered by the server (SteerE2EIT): four shell calls, then the stop, then the resumed round from
     * line {@code resumedAt}. Each call's result is a boundary; at most the one line after the last is a
     * call the mock model (which answers at once) started before the stop landed.
     */
    @ParameterizedTest
    @CsvSource({
            "codex, 11, 4 6 8 10",      // item.completed command_execution, nothing after the last
            "claude, 11, 3 5 7 9",      // the tool_results; line 10, the next tool_use, was cut off
            "opencode, 14, 3 6 9 12",   // step_finish (tool-calls); line 13, the next step_start, was cut off
            "gemini, 12, 4 6 8 10",     // tool_result; line 11, the next tool_use, was cut off
    })
    void aSteeredRunStoppedAfterABoundary(String cli, int resumedAt, String expected) throws IOException {
        List<String> before = boundaries(cli, cli + "-steered.stdout.jsonl").stream()
                .filter(n -> Integer.parseInt(n) < resumedAt).toList();
        assertEquals(expected, String.join(" ", before));
        assertTrue(resumedAt - 1 - Integer.parseInt(before.get(before.size() - 1)) <= 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "codex|{\"type\":\"item.started\",\"item\":{\"id\":\"item_0\",\"type\":\"command_execution\"}}",
            "codex|{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"reasoning\"}}",
            "claude|{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\"}]}}",
            "gemini|{\"type\":\"tool_use\",\"tool_name\":\"run_shell_command\"}",
            "opencode|{\"type\":\"tool_use\",\"part\":{\"state\":{\"status\":\"running\"}}}",
            "opencode|not json {\"type\":\"step_finish\"}",
            "custom|{\"type\":\"step_finish\"}",
    })
    void aCallStillRunningOrAnUnknownStreamIsNoBoundary(String cli, String line) {
        assertFalse(TurnBoundary.of(cli).isBoundary(line));
    }

    @org.junit.jupiter.api.Test
    void onlyTheKnownClisHaveBoundaries() {
        assertTrue(TurnBoundary.of("codex").known());
        assertFalse(TurnBoundary.of("custom").known());
        assertFalse(TurnBoundary.of(null).known());
    }

    private static List<String> boundaries(String cli, String file) throws IOException {
        List<String> at = new ArrayList<>();
        List<String> lines = Files.readAllLines(FIXTURES.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (TurnBoundary.of(cli).isBoundary(lines.get(i))) {
                at.add(String.valueOf(i + 1));
            }
        }
        return at;
    }
}
