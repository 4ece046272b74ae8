package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.MockModelServer;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each real CLI against a model server that refuses it, rate-limits it, fails, cuts the stream,
 * or is not there at all: every run ends as failed (or, at worst, timed_out) with a reason a
 * host can act on, well before the stall limit, and leaves nothing running.
 */
class FailuresE2EIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "claude   | 401         | authentication failed",
            "claude   | 429         | rate limited",
            "claude   | 500         | model server error",
            "claude   | unreachable | unreachable",
            "codex    | 401         | authentication failed",
            "codex    | 429         | rate limited",
            "codex    | 500         | model server error",
            "codex    | drop        | cut off",
            "codex    | unreachable | unreachable",
            "codex    | no-key      | MOCK_API_KEY",
            "gemini   | 401         | authentication failed",
            "gemini   | 429         | rate limited",
            "gemini   | 500         | model server error",
            "gemini   | unreachable | unreachable",
            "opencode | 401         | authentication failed",
            "opencode | 429         | rate limited",
            "opencode | 500         | model server error",
            "opencode | unreachable | unreachable",
            "claude   | bad-model   | not found",
            "codex    | bad-model   | not found",
            "gemini   | bad-model   | not found",
            "opencode | bad-model   | not found",
    })
    void aFailingModelServerEndsTheJobWithAClearReason(String cli, String failure, String expected,
                                                       @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock()) {
            Scenario s = switch (failure) {
                case "drop" -> new Scenario.DropAfterText("partial answer");
                case "unreachable", "no-key", "bad-model" -> new Scenario.Text("never seen");
                default -> new Scenario.HttpError(Integer.parseInt(failure), "mock_error", "mock " + failure);
            };
            anthropic.scenario(s);
            responses.scenario(s);
            gemini.scenario(s);
            String aUrl = anthropic.baseUrl();
            String rUrl = responses.baseUrl();
            String gUrl = gemini.baseUrl();
            if (failure.equals("unreachable")) {
                anthropic.close();
                responses.close();
                gemini.close();
            }
            Map<String, String> env = new java.util.HashMap<>(AgentHomes.env(dir.resolve("home"), aUrl, rUrl, gUrl));
            if (failure.equals("no-key")) {
                env.remove("MOCK_API_KEY");
            }
            ServerHarness h = new ServerHarness(project, "", cli.equals("claude") ? AgentHomes.command("claude")
                    : List.of("bash", ServerHarness.STANDIN.toString()), env);
            if (!cli.equals("claude")) {
                h.withProviders(Map.of(cli, Map.of("command", AgentHomes.command(cli))));
            }
            try (h) {
                h.start();
                long t0 = System.nanoTime();
                Map<String, Object> args = new java.util.HashMap<>(Map.of("provider", cli, "stall_minutes", 2,
                        "timeout_minutes", 3));
                if (failure.equals("bad-model")) {
                    args.put("model", cli.equals("opencode") ? "mock/" + MockModelServer.UNKNOWN_MODEL : MockModelServer.UNKNOWN_MODEL);
                } else if (cli.equals("gemini")) {
                    args.put("model", "gemini-2.5-pro");
                }
                String id = h.spawn("Say hello.", args);
                Map<String, Object> job = h.awaitEnd(id);
                double seconds = (System.nanoTime() - t0) / 1e9;
                String md = text(h.call("read_summary", Map.of("job_id", id)));
                System.out.printf("FAILURE-MATRIX %s %s -> %s in %.1f s: %s%n", cli, failure, job.get("status"),
                        seconds, job.get("last_activity"));
                assertEquals("failed", job.get("status"), md);
                assertTrue(md.toLowerCase().contains(expected.toLowerCase()), "expected \"" + expected + "\" in: " + md);
                assertTrue(seconds < 90, cli + " " + failure + " took " + seconds + " s");
                assertEquals(List.of(), h.survivors());
            }
        }
    }
}
