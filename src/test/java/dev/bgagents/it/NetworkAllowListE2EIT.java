package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.MockModelServer;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real CLI whose provider has a network allow-list, through the real server: its sandbox has no network,
 * so its mock model server on the machine's 127.0.0.1 is reached through the job's proxy or not at all. With
 * the mock's address on the list, the job writes its file; with only another port on it, the proxy refuses
 * the CLI's calls, the job fails, and its stderr names the host it wanted.
 */
class NetworkAllowListE2EIT {

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "opencode"})
    void aCliReachesItsModelThroughTheAllowListAndNothingElse(String cli, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock()) {
            MockModelServer mock = switch (cli) {
                case "codex" -> responses;
                case "gemini" -> gemini;
                default -> anthropic;
            };
            String model = "127.0.0.1:" + URI.create(mock.baseUrl()).getPort();
            for (boolean allowed : List.of(true, false)) {
                Path p = Files.createDirectories(project.resolve(allowed ? "allowed" : "refused"));
                List<String> network = List.of(allowed ? model : "127.0.0.1:1", "api.example.com");
                try (ServerHarness h = harness(p, dir.resolve("home-" + allowed), cli, network, anthropic, responses,
                        gemini)) {
                    String path = cli.equals("codex") ? "hello.txt" : p.toRealPath().resolve("hello.txt").toString();
                    mock.scenario(new Scenario.WriteFile(path, "hello from mock\n", "Done: wrote hello.txt."));
                    int before = mock.requests().size();
                    Map<String, Object> args = new HashMap<>(Map.of("provider", cli, "permissions", "workspace-write"));
                    if (cli.equals("gemini")) {
                        args.put("model", "gemini-2.5-pro");
                    }
                    String id = h.spawn("Create hello.txt saying hello.", args);
                    Map<String, Object> job = h.awaitEnd(id);
                    String md = text(h.call("read_summary", Map.of("job_id", id)));
                    String err = Files.readString(p.resolve(".context/jobs/" + id + "/stderr.log"));
                    if (allowed) {
                        assertEquals("succeeded", job.get("status"), md + "\n" + err);
                        assertEquals("hello from mock\n", Files.readString(p.resolve("hello.txt")));
                        assertTrue(mock.requests().size() > before, "the model server heard it through the proxy");
                        // what else it asks for (codex: github.com, chatgpt.com; gemini: play.googleapis.com; opencode:
                        // registry.npmjs.org) is refused without failing the job
                        assertFalse(err.contains("refused CONNECT " + model) || err.contains("refused POST " + model), err);
                    } else {
                        assertNotEquals("succeeded", job.get("status"), md);
                        assertFalse(Files.exists(p.resolve("hello.txt")));
                        assertEquals(before, mock.requests().size(), "nothing reached the model server");
                        assertTrue(err.contains("bg-agents network: refused CONNECT " + model)
                                || err.contains("bg-agents network: refused POST " + model), err);
                        assertTrue(md.lines().anyMatch(l -> l.startsWith("Network: refused by " + cli + "'s allow-list: ")
                                && l.contains(model)), md);
                    }
                    assertEquals(List.of(), h.survivors());
                }
            }
        }
    }

    private static ServerHarness harness(Path project, Path home, String cli, List<String> network, AnthropicMock a,
                                         ResponsesMock r, GeminiMock g) throws Exception {
        Map<String, String> env = AgentHomes.env(home, a.baseUrl(), r.baseUrl(), g.baseUrl());
        if (cli.equals("claude")) {
            return new ServerHarness(project, "", AgentHomes.command("claude"), env)
                    .withClaudeSettings(Map.of("network", network)).start();
        }
        return new ServerHarness(project, "", List.of("bash", ServerHarness.STANDIN.toString()), env)
                .withProviders(Map.of(cli, Map.of("command", AgentHomes.command(cli), "network", network))).start();
    }
}
