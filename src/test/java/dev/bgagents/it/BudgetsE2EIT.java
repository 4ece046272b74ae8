package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Real claude given max_turns: it stops itself at the limit, and the job says it went over budget. */
class BudgetsE2EIT {
    @Test
    void claudeGetsMaxTurnsAndAJobThatNeedsMoreEndsFailedOverBudget(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), "claude", anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            // the model wants a tool call and then a second turn to answer: one turn is not enough
            anthropic.scenario(new Scenario.WriteFile("hello.txt", "hi\n", "Wrote hello.txt."));
            String id = h.spawn("Write hello.txt.", Map.of("provider", "claude", "worktree", false, "max_turns", 1));
            Map<String, Object> job = h.awaitEnd(id);
            String md = ServerHarness.text(h.call("read_summary", Map.of("job_id", id)));

            assertEquals("failed", job.get("status"), md);
            assertTrue(String.valueOf(job.get("last_activity")).startsWith("over budget: max_turns 1 reached"), md);
            assertTrue(md.contains("Reason: over budget: max_turns 1 reached: claude stopped at its turn limit"), md);
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void claudeThatNeverStopsIsStoppedOverMaxTokensFromTheUsageItsStreamShows(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), "claude", anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            // every answer is one more shell call: only a limit ends this run
            anthropic.scenario(new Scenario.KeepRunning("echo turn >> turns.txt; sleep 1"));
            String id = h.spawn("Keep at it.", Map.of("provider", "claude", "worktree", true, "permissions", "full",
                    "max_tokens", 40));
            Map<String, Object> job = h.awaitEnd(id);
            String md = ServerHarness.text(h.call("read_summary", Map.of("job_id", id)));
            System.out.println("BUDGET-E2E " + md);

            assertEquals("failed", job.get("status"), md);
            assertTrue(String.valueOf(job.get("last_activity")).startsWith("over budget: max_tokens 40, reached "), md);
            List<Long> left = h.survivors();
            assertEquals(List.of(), left, "claude and its shell command are stopped: " + describe(left));
            assertTrue(h.git("show", "bg/" + id + ":turns.txt").startsWith("turn\n"), "its work is on its branch");
            assertTrue(md.contains("turns.txt"), md);
        }
    }

    private static String describe(List<Long> pids) {
        StringBuilder b = new StringBuilder();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String cmd = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
                b.append(pid).append(" [").append(stat, stat.lastIndexOf(')') + 2, stat.length()).append("] ")
                        .append(cmd).append('\n');
            } catch (java.io.IOException gone) {
                b.append(pid).append(" gone\n");
            }
        }
        return b.toString();
    }
}
