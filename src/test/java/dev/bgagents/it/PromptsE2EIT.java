package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** A 1 MB prompt full of shell metacharacters reaches each real CLI's model byte for byte. */
class PromptsE2EIT {
    static final String TRICKY = "Line with \"double\" and 'single' quotes, $(rm -rf /tmp/nope) and `uname` and $HOME; | & > <";

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "opencode"})
    void aOneMegabytePromptArrivesWhole(String cli, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        Path project = Files.createDirectories(dir.resolve("project"));
        StringBuilder filler = new StringBuilder();
        for (int i = 0; filler.length() < 1_000_000; i++) {
            filler.append("filler line ").append(i).append(" with a tab\there\n");
        }
        String prompt = "Answer with OK.\n" + TRICKY + "\n" + filler + "END-OF-PROMPT-MARKER";
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), cli, anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            Scenario ok = new Scenario.Text("OK.");
            anthropic.scenario(ok);
            responses.scenario(ok);
            gemini.scenario(ok);
            Map<String, Object> args = new HashMap<>(Map.of("provider", cli));
            if (cli.equals("gemini")) {
                args.put("model", "gemini-2.5-pro");
            }
            String id = h.spawn(prompt, args);
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"), text(h.call("read_summary", Map.of("job_id", id))));
            List<String> seen = new java.util.ArrayList<>();
            anthropic.requests().forEach(r -> seen.add(r.toString()));
            responses.requests().forEach(r -> seen.add(r.toString()));
            gemini.requests().forEach(r -> seen.add(r.toString()));
            // request bodies are JSON: compare against the JSON-escaped form of the prompt
            String escapedTricky = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TRICKY);
            String escapedTail = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(filler.substring(filler.length() - 200) + "END-OF-PROMPT-MARKER");
            assertTrue(seen.stream().anyMatch(r -> r.contains(escapedTricky.substring(1, escapedTricky.length() - 1))
                            && r.contains(escapedTail.substring(1, escapedTail.length() - 1))),
                    cli + ": the model never saw the prompt intact");
            assertFalse(Files.exists(Path.of("/tmp/nope")));
            assertEquals(List.of(), h.survivors());
        }
    }
}
