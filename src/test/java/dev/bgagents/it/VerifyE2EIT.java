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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real claude does the work, the project's check fails, and the failure goes back to claude's own
 * session (--resume): its model is sent the check's output and the second round passes.
 */
class VerifyE2EIT {
    @Test
    void claudeIsResumedWithTheFailingCheckAndItsFixIsVerified(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = new ServerHarness(project, "\"verify\": {\"state\": [\"sh\", \"-c\", "
                     + "\"grep -q fixed state.txt || { echo FAIL: state.txt says $(cat state.txt); exit 1; }\"]}",
                     AgentHomes.command("claude"), AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())).start()) {
            // the base passes ("fixed once"); the first run writes "broken", and run again (in the fix
            // round) the same command writes "fixed"
            Files.writeString(project.resolve("state.txt"), "fixed once\n");
            h.git("add", "state.txt");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "state");
            anthropic.scenario(new Scenario.RunCommand(
                    "if grep -q broken state.txt; then echo fixed > state.txt; else echo broken > state.txt; fi", "Done."));
            String id = h.spawn("Write the state file.", Map.of("provider", "claude", "worktree", true,
                    "permissions", "full", "verify", "state", "fix_attempts", 1));
            Map<String, Object> job = h.awaitEnd(id);
            String summary = ServerHarness.text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), summary);
            assertEquals(true, job.get("verified"), summary);
            assertTrue(summary.contains("passed") && summary.contains("after 1 fix)"), summary);
            assertEquals("fixed", h.git("show", "bg/" + id + ":state.txt").strip());

            // what claude's model was told in the fix round: the failure's tail, in the same conversation
            JsonNode fixTurn = anthropic.requests().stream()
                    .filter(r -> r.toString().contains("does not pass the project's check")).findFirst()
                    .orElseThrow(() -> new AssertionError("the model never heard of the failure"));
            assertTrue(fixTurn.toString().contains("FAIL: state.txt says broken"), fixTurn.toString());
            assertTrue(fixTurn.toString().contains("Write the state file."), "the same session: the task is in it");
        }
    }
}
