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
import static org.junit.jupiter.api.Assertions.*;

/**
 * A hand-off between two real CLIs: real claude writes one file and ends; real codex goes on in its
 * worktree and branch, and what codex's model is sent holds the task, claude's last message and the
 * diff of claude's file; the merge brings both files in.
 */
class HandOffE2EIT {

    @Test
    void claudesWorkIsHandedToCodexInTheSameWorktree(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        E2E.requireInstalled("codex");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.claudeAndCodex(project, dir.resolve("home"), anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl()).start()) {
            anthropic.scenario(new Scenario.RunCommand("echo one > one.txt", "Wrote one.txt; two.txt is left to do."));
            // codex's apply_patch takes a path relative to its working directory
            responses.scenario(new Scenario.WriteFile("two.txt", "two\n", "Wrote two.txt."));
            String first = h.spawn("Write one.txt and two.txt.", Map.of("provider", "claude", "worktree", true,
                    "permissions", "full", "stall_minutes", 2, "timeout_minutes", 3));
            assertEquals("succeeded", h.awaitEnd(first).get("status"), text(h.call("read_summary", Map.of("job_id", first))));

            McpSchema.CallToolResult r = h.call("spawn_agent", Map.of("continue_from", first, "provider", "codex",
                    "prompt", "Write two.txt."));
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            String next = (String) structured(r).get("job_id");
            Map<String, Object> ended = h.awaitEnd(next);
            String md = text(h.call("read_summary", Map.of("job_id", next)));
            System.out.println("HANDOFF-E2E " + ended + "\n" + md);
            assertEquals("succeeded", ended.get("status"), md);
            assertEquals(first, ended.get("continued_from"));

            String seen = responses.requests().toString();
            assertTrue(seen.contains("Write one.txt and two.txt."), "codex's model is given the task: " + seen);
            assertTrue(seen.contains("Wrote one.txt; two.txt is left to do."), "and claude's last message");
            assertTrue(seen.contains("+one"), "and claude's diff");
            assertTrue(seen.contains("Write two.txt."), "and the new prompt");

            var merged = h.call("merge_worktree", Map.of("job_id", next));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("one", Files.readString(project.resolve("one.txt")).strip());
            assertEquals("two", Files.readString(project.resolve("two.txt")).strip());
            assertEquals(List.of(), h.survivors());
        }
    }
}
