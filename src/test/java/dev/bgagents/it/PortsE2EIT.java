package dev.bgagents.it;

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

/** Real claude, told by its model to run a shell command, sees the job's ports in its environment. */
class PortsE2EIT {
    @Test
    void claudesShellCommandSeesTheJobsPortBlock(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), "claude", anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            anthropic.scenario(new Scenario.RunCommand("echo \"$PORT $BG_AGENTS_PORT_BASE $BG_AGENTS_PORT_COUNT\" > port.txt",
                    "Noted the port."));
            String id = h.spawn("Note the port you may use.", Map.of("provider", "claude", "worktree", false,
                    "permissions", "full"));
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"), ServerHarness.text(h.call("read_summary", Map.of("job_id", id))));
            String base = Files.readString(h.jobDir(id).resolve("ports")).split(" ")[0];
            assertEquals(base + " " + base + " 10", Files.readString(project.resolve("port.txt")).strip());
        }
    }
}
