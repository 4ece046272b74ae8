package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real claude and real codex take the same task side by side; only codex's work passes the check, and it is merged. */
class BestOfNE2EIT {
    @Test
    void theAttemptThatVerifiesIsTheWinnerAndIsMerged(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        E2E.requireInstalled("codex");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = new ServerHarness(project, "\"verify\": {\"state\": [\"sh\", \"-c\", "
                     + "\"grep -q fixed state.txt || { echo state is $(cat state.txt); exit 1; }\"]}",
                     AgentHomes.command("claude"), AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl()))) {
            h.withProviders(Map.of("codex", Map.of("command", AgentHomes.command("codex"))));
            h.start();
            anthropic.scenario(new Scenario.RunCommand("echo broken > state.txt", "Wrote state.txt."));
            responses.scenario(new Scenario.WriteFile("state.txt", "fixed\n", "Wrote state.txt."));
            McpSchema.CallToolResult r = h.call("spawn_agent", Map.of("prompt", "Write state.txt.",
                    "attempts", List.of("claude", "codex"), "verify", "state", "permissions", "full"));
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            String group = (String) structured(r).get("group");
            h.call("job_status", Map.of("job_ids", List.of(group), "wait", "all"));
            McpSchema.CallToolResult summary = h.call("read_summary", Map.of("job_id", group));
            String winner = (String) structured(summary).get("winner");
            assertTrue(winner != null && winner.startsWith("codex-"), text(summary));
            assertTrue(text(summary).contains("check exit 1"), "claude's attempt failed the check: " + text(summary));

            McpSchema.CallToolResult merged = h.call("merge_worktree", Map.of("job_id", group));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("fixed", Files.readString(project.resolve("state.txt")).strip());
            assertEquals("main", h.git("branch", "--format=%(refname:short)").strip(), "both attempts' branches are gone");
            assertEquals(List.of(), h.survivors());
        }
    }
}
