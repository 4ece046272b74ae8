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
 * their shell tool until SIGTERM at the first boundary (SteerSignalsProbeIT), so their last line is the
 * boundary they were stopped at.
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

    @ParameterizedTest
    @CsvSource({"claude", "codex", "opencode"})
    void aStoppedRunEndsAtTheBoundaryItWasStoppedAt(String cli) throws IOException {
        String file = cli + "-steered.stdout.jsonl";
        List<String> lines = Files.readAllLines(FIXTURES.resolve(file));
        List<String> at = boundaries(cli, file);
        assertFalse(at.isEmpty(), file);
        // nothing after the first boundary but what the CLI printed while it stopped: no tool result cut off
        assertEquals(String.valueOf(at.get(0)), at.get(0));
        assertTrue(Integer.parseInt(at.get(0)) <= lines.size());
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
