package dev.bgagents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.HostClaude;
import dev.bgagents.it.HostCodex;
import dev.bgagents.it.HostGemini;
import dev.bgagents.it.HostRun;
import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.mock.CodexHostMock;
import dev.bgagents.it.mock.GeminiHostMock;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Exchange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every host headless from its shipped snippet, {@code runs} times each with a fresh home: whether
 * the model had bg-agents on its first turn, the characters of bg-agents the model receives on
 * every turn, and one delegated job (spawn, wait, summary; then a merge) as the model received it. Printed,
 * never asserted (CodexHostE2EIT, GeminiHostE2EIT and ClaudeHostE2EIT assert). Usage:
 * bench/host.sh hosts [runs]
 */
final class HostsBench {
    private static final String PROMPT = "Write notes.txt with a background agent.";

    private HostsBench() {
    }

    /** One run: the first turn had the tools, the characters per turn, the characters of the job. */
    private record Run(boolean firstTurn, int perTurn, int job) {
    }

    private static List<HostModelMock.Step> script(String prefix) {
        return HostModelMock.flow(prefix, "Done.");
    }

    private static int job(List<Exchange> got) {
        if (got.size() < 3) {
            throw new IllegalStateException("the host's model did not get three answers: " + got);
        }
        return got.subList(0, 3).stream().mapToInt(e -> e.received().length()).sum();
    }

    private static Run claude(Path dir, Path project, Path config) throws Exception {
        try (HostModelMock model = new HostModelMock(script("mcp__bg-agents__"), List.of())) {
            new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString())
                    .run(project, 240, "-p", PROMPT, "--mcp-config", config.toString(), "--strict-mcp-config",
                            "--allowedTools", "mcp__bg-agents");
            JsonNode first = model.firstMainRequest();
            int definitions = HostBench.definitionsSeen(first);
            return new Run(definitions > 0, definitions + HostBench.instructionsSeen(first), job(model.exchanges()));
        }
    }

    private static Run codex(Path dir, ServerHarness h) throws Exception {
        try (CodexHostMock model = new CodexHostMock(script(""), "delegate this task to a background agent")) {
            HostRun.Result r = new HostCodex(dir.resolve("home"), model.baseUrl(), h).exec(h.project, 240, PROMPT);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("codex exec: " + r.stderr());
            }
            // deferred: on the first turn the model has the instructions' first line and finds the tools by a search
            boolean first = !model.namespaceLine().isEmpty() && !model.searchedNamespace().isEmpty();
            return new Run(first, model.searchedNamespace().length(), job(model.exchanges()));
        }
    }

    private static Run gemini(Path dir, ServerHarness h) throws Exception {
        try (GeminiHostMock model = new GeminiHostMock(script(""))) {
            new HostGemini(dir.resolve("home"), model.baseUrl(), h).prompt(h.project, 240, PROMPT);
            List<JsonNode> main = model.mainRequests();
            boolean first = !main.isEmpty() && main.get(0).equals(model.requests().get(0));
            int definitions = main.isEmpty() ? 0
                    : GeminiHostMock.declarations(main.get(0)).stream().mapToInt(d -> d.toString().length()).sum();
            return new Run(first, definitions, job(model.exchanges()));
        }
    }

    /** The words users say; Codex ranks deferred tools by them (BM25 over names and descriptions). */
    static final List<String> CODEX_QUERIES = List.of("delegate to codex", "run it in the background", "bg-agents",
            "parallel agents in git worktrees", "merge the agent's branch");

    /** Prints what Codex's tool_search gives its model for each of {@link #CODEX_QUERIES}, in its order. */
    static void codexSearches() throws Exception {
        System.out.printf("Codex %s tool_search (limit 8): what comes back, in order%n", HostCodex.VERSION);
        for (String query : CODEX_QUERIES) {
            Path dir = Files.createTempDirectory("bg-hosts-bench-");
            ServerHarness h = new ServerHarness(Files.createDirectories(dir.resolve("project")), "");
            try (CodexHostMock model = new CodexHostMock(List.of(new HostModelMock.Call("job_status", "{}"),
                    new HostModelMock.Say("ok")), query)) {
                new HostCodex(dir.resolve("home"), model.baseUrl(), h).exec(h.project, 240, "What runs in the background?");
                System.out.printf("  %-36s %s%n", "\"" + query + "\"", String.join("; ", model.searchedNames()));
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        for (String host : List.of("Claude Code " + HostClaude.VERSION + " -p", "Codex " + HostCodex.VERSION + " exec",
                "Gemini CLI " + HostGemini.VERSION + " -p")) {
            List<Integer> perTurn = new ArrayList<>();
            List<Integer> jobs = new ArrayList<>();
            int first = 0;
            for (int i = 0; i < runs; i++) {
                Path dir = Files.createTempDirectory("bg-hosts-bench-");
                Path project = Files.createDirectories(dir.resolve("project"));
                ServerHarness h = new ServerHarness(project, "");
                Run r = host.startsWith("Claude")
                        ? claude(dir, project, Files.writeString(dir.resolve("mcp.json"), HostClaude.shippedMcpConfig()))
                        : host.startsWith("Codex") ? codex(dir, h) : gemini(dir, h);
                first += r.firstTurn() ? 1 : 0;
                perTurn.add(r.perTurn());
                jobs.add(r.job());
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
            }
            out.add(Figure.of("hosts", host + ": bg-agents on the first turn", first, "of " + runs + " runs"));
            out.add(Figure.of("hosts", host + ": definitions + instructions per turn", Figure.median(perTurn), "chars"));
            out.add(Figure.of("hosts", host + ": one delegated job (spawn, wait, summary)", Figure.median(jobs), "chars"));
        }
        return out;
    }
}
