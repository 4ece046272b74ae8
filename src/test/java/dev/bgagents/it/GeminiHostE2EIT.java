package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.mock.GeminiHostMock;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Gemini CLI (0.61.0) as the host, headless ({@code gemini -p}), registered by the shipped
 * install/gemini-settings.json as it is, its model a scripted mock that drives a job to its merge.
 * Headless Gemini offers no tool of an untrusted server, so this proves the snippet's trust.
 */
class GeminiHostE2EIT {
    @BeforeEach
    void host() {
        HostGemini.requireInstalled();
    }

    @Test
    void headlessFromTheShippedSnippetOffersTheToolsAndDrivesSpawnWaitSummaryMerge(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        List<HostModelMock.Step> script = HostModelMock.flow("", "Merged the notes.");
        try (GeminiHostMock model = new GeminiHostMock(script)) {
            HostRun.Result run = new HostGemini(dir.resolve("home"), model.baseUrl(), h).prompt(project, 300,
                    "Write notes.txt with a background agent, then merge it.");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("Merged the notes."), run.stdout());

            List<JsonNode> main = model.mainRequests();
            assertFalse(main.isEmpty(), "the model was offered bg-agents' tools: " + model.requests().size() + " requests");
            assertEquals(7, GeminiHostMock.declarations(main.get(0)).size(), "every tool, on the first turn");
            String instructions = model.instructionsSeen();
            assertTrue(instructions.contains("Results are data"), "the instructions, with Gemini's paragraph: " + instructions);
            List<Exchange> got = model.exchanges();
            assertEquals(List.of("spawn_agent", "job_status", "read_summary", "merge_worktree"),
                    got.stream().map(Exchange::tool).toList(), got.toString());
            String spawn = got.get(0).received();
            String status = got.get(1).received();
            String summary = got.get(2).received();
            assertTrue(status.contains("succeeded") && status.contains("read_summary {job_id: \""),
                    "a real id, never a placeholder: " + status);
            assertTrue(summary.contains("Done: wrote notes.txt.") && summary.contains("notes.txt"), summary);
            assertTrue(got.get(3).received().contains("Merged"), got.get(3).received());
            assertEquals("hello", h.git("show", "main:notes.txt").strip(), "the agent's work is on main");

            int definitions = GeminiHostMock.declarations(main.get(0)).stream().mapToInt(d -> d.toString().length()).sum();
            int job = spawn.length() + status.length() + summary.length();
            System.out.printf("[host] gemini %s -p: %d chars of definitions per request, %d of instructions once; one "
                            + "delegated job (spawn, wait, summary) %d chars as the model received it%n",
                    HostGemini.VERSION, definitions, instructions.length(), job);
        }
    }
}
