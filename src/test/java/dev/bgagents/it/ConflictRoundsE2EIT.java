package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real claude changes a function, main changes the same line of it meanwhile; merge_worktree
 * {resolve: true} resumes claude's own session in its worktree with the conflict, claude (its mock
 * model) resolves it keeping both changes and commits, the project's check passes on the
 * resolution, and the merge lands — one round.
 */
class ConflictRoundsE2EIT {
    /** What the model runs: the task the first time, the resolution once the file holds markers. */
    private static final String COMMAND = "if grep -q '^<<<<<<<' calc.py; then "
            + "printf 'def price(x):\\n    return round(x * 1.2)\\n' > calc.py && git add calc.py && "
            + "git -c user.name=claude -c user.email=claude@invalid commit -qm 'Resolve price: tax and rounding'; "
            + "else printf 'def price(x):\\n    return x * 1.2\\n' > calc.py; fi";
    /** The job's side must survive (tax), and so must main's (rounding) once both are in. */
    private static final String CHECK = "\"verify\": {\"price\": [\"python3\", \"-c\", "
            + "\"import calc; assert calc.price(10) == 12, calc.price(10)\"]}";

    @Test
    void claudeResolvesAConflictInTheSameFunctionAndTheVerifiedMergeLands(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = new ServerHarness(project, CHECK, AgentHomes.command("claude"),
                     AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(), responses.baseUrl(), gemini.baseUrl()))
                     .start()) {
            Files.writeString(project.resolve("calc.py"), "def price(x):\n    return x\n");
            h.git("add", "calc.py");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "price");
            anthropic.scenario(new Scenario.RunCommand(COMMAND, "Done."));
            String id = h.spawn("Add 20% tax to price in calc.py.", Map.of("provider", "claude", "worktree", true,
                    "permissions", "full", "verify", "price"));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            Files.writeString(project.resolve("calc.py"), "def price(x):\n    return round(x)\n");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qam", "Round prices");

            Map<String, Object> out = ServerHarness.structured(h.call("merge_worktree", Map.of("job_id", id,
                    "resolve", true)));
            String round = (String) out.get("resolving");
            assertNotNull(round, out.toString());
            Map<String, Object> end = h.awaitEnd(round);
            String summary = ServerHarness.text(h.call("read_summary", Map.of("job_id", round)));
            assertEquals("succeeded", end.get("status"), summary);
            assertEquals(true, end.get("verified"), summary);
            assertTrue(summary.contains("after 1 of 3 conflict rounds"), summary);
            assertEquals("def price(x):\n    return round(x * 1.2)\n", h.git("show", "main:calc.py"));
            assertEquals("", h.git("status", "--porcelain", "--untracked-files=no"));

            // the same session was resumed: its model had the task and then the conflict, with both sides' intent
            JsonNode turn = anthropic.requests().stream()
                    .filter(r -> r.toString().contains("Resolve the merge conflicts of main")).findFirst()
                    .orElseThrow(() -> new AssertionError("the model never heard of the conflict"));
            String said = turn.toString();
            assertTrue(said.contains("Round prices") && said.contains("calc.py"), said);
            assertTrue(said.contains("Add 20% tax to price"), "the same session: the task is in it");
        }
    }
}
