package dev.bgagents.bench;

import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.AgentHomes;
import dev.bgagents.it.E2E;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures per real agent CLI, printed, never asserted: time from spawn_agent to the job's
 * {@code succeeded} (one job_status wait) against the mock model servers, and the size of the
 * CLI's raw output against the summary the host reads. Usage: bench/agents.sh [runs]
 */
public final class AgentsBench {
    private AgentsBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchTable.print("real agent CLIs against local mock model servers, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        for (String cli : List.of("claude", "codex", "gemini", "opencode")) {
            if (!AgentHomes.installed(cli)) {
                System.out.printf("  %-9s not installed in %s%n", cli, AgentHomes.BIN);
                continue;
            }
            Path dir = Files.createTempDirectory("bg-bench-" + cli + "-");
            Path project = Files.createDirectories(dir.resolve("project"));
            try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
                 GeminiMock gemini = new GeminiMock();
                 ServerHarness h = E2E.harness(project, dir.resolve("home"), cli, anthropic.baseUrl(),
                         responses.baseUrl(), gemini.baseUrl())) {
                List<Double> ms = new ArrayList<>();
                long raw = 0;
                long summary = 0;
                for (int i = 0; i < runs; i++) {
                    String file = project.toRealPath().resolve("bench-" + i + ".txt").toString();
                    Scenario s = new Scenario.WriteFile(cli.equals("codex") ? "bench-" + i + ".txt" : file,
                            "hello " + i + "\n", "Done: wrote bench-" + i + ".txt.");
                    anthropic.scenario(s);
                    responses.scenario(s);
                    gemini.scenario(s);
                    Map<String, Object> spawnArgs = new HashMap<>(Map.of("provider", cli));
                    if (cli.equals("gemini")) {
                        spawnArgs.put("model", "gemini-2.5-pro");
                    }
                    long t0 = System.nanoTime();
                    String id = h.spawn("Create bench-" + i + ".txt", spawnArgs);
                    Map<String, Object> job = h.awaitEnd(id);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    if (!"succeeded".equals(job.get("status"))) {
                        throw new IllegalStateException(cli + " run " + i + ": " + job);
                    }
                    raw += Files.size(h.jobDir(id).resolve("stdout.log")) + Files.size(h.jobDir(id).resolve("stderr.log"));
                    summary += ServerHarness.text(h.call("read_summary", Map.of("job_id", id))).length();
                }
                out.add(Figure.of("agents", cli + ": spawn_agent → succeeded", Figure.median(ms), "ms"));
                out.add(Figure.of("agents", cli + ": read_summary", (double) summary / runs, "chars")
                        .against("its raw output", (double) raw / runs));
            }
        }
        return out;
    }
}
