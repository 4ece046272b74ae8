package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
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
 * Real claude, rate limited by its model server (HTTP 429), falls back to real codex, whose
 * model server answers: the host waits on and reads claude's job id and gets codex's result,
 * and merging that id brings codex's work in.
 */
class FallbackE2EIT {

    @Test
    void aRateLimitedClaudeFallsBackToCodex(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        E2E.requireInstalled("codex");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock()) {
            anthropic.scenario(new Scenario.HttpError(429, "rate_limit_error", "Number of requests has exceeded your rate limit"));
            // codex's apply_patch takes a path relative to its working directory
            responses.scenario(new Scenario.WriteFile("fallback.txt", "from codex\n", "Done: wrote fallback.txt."));
            Map<String, String> env = AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(), responses.baseUrl(),
                    "http://127.0.0.1:9");
            ServerHarness h = new ServerHarness(project, "", AgentHomes.command("claude"), env);
            h.withProviders(Map.of("codex", Map.of("command", AgentHomes.command("codex"))));
            try (h) {
                h.start();
                String first = h.spawn("Create fallback.txt saying: from codex.", Map.of("provider", "claude",
                        "fallback", List.of("codex"), "worktree", true, "stall_minutes", 2, "timeout_minutes", 3));
                assertTrue(first.startsWith("claude-"), first);

                Map<String, Object> now = h.awaitEnd(first);
                String md = text(h.call("read_summary", Map.of("job_id", first)));
                System.out.println("FALLBACK-E2E " + now + "\n" + md + "\nclaude said: "
                        + Files.readString(h.jobDir(first).resolve("stdout.log")));
                assertEquals("succeeded", now.get("status"), md);
                assertTrue(((String) now.get("job_id")).startsWith("codex-"), now.toString());
                assertEquals(first, now.get("fallback_of"));
                assertTrue(md.contains(first + " (claude) failed: rate limited"), md);
                assertTrue(md.contains("Kept " + now.get("job_id")), md);
                assertTrue(md.contains("Done: wrote fallback.txt."), md);

                var merged = h.call("merge_worktree", Map.of("job_id", first));
                assertFalse(Boolean.TRUE.equals(merged.isError()), text(merged));
                assertEquals("from codex\n", Files.readString(project.resolve("fallback.txt")));
                assertTrue(anthropic.requests().size() >= 1, "claude should have asked its model server");
                assertEquals(List.of(), h.survivors());
                assertFalse(h.git("branch", "--list", "bg/" + first).contains(first),
                        "the rate-limited attempt's empty branch goes");
                assertNotNull(structured(merged));
            }
        }
    }
}
