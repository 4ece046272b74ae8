package dev.bgagents.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Figures for the spine, printed, never asserted: server start → initialize answered,
 * spawn_agent round trip, and agent exit → job_status wait returning (on the server that runs
 * the job, on a second server on the same project, and with no server left: the runner). Runs the packaged jar
 * over stdio with the SDK client against a scratch git repo and the claude-like stand-in.
 * Usage: bench/spine.sh [runs]
 */
public final class SpineBench {
    private SpineBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        BenchTable.print("the spine, " + runs + " runs each", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        Path standin = Path.of("src/test/resources/standins/claude-standin.sh").toAbsolutePath();
        Path repo = Files.createTempDirectory("bg-bench-");
        run(repo, "git", "init", "-q", "-b", "main");
        Path config = repo.resolve(".git/bg-agents.json");
        Files.writeString(config, "{\"max_concurrent\": 50, \"providers\": {\"claude\": {\"command\": [\"bash\", \""
                + standin + "\"]}}}");
        // the launcher the registrations ship, as a host starts it
        ServerParameters params = ServerParameters.builder(Path.of("bin/bg-agents").toAbsolutePath().toString())
                .env(Map.of("BG_AGENTS_PROJECT", repo.toString(), "BG_AGENTS_CONFIG", config.toString())).build();

        List<Double> spawn = new ArrayList<>();
        List<Double> exitToWait = new ArrayList<>();
        List<Double> crossServer = new ArrayList<>();
        try (McpSyncClient c = client(params)) {
            c.initialize();
            call(c, "spawn_agent", Map.of("prompt", "write warmup.txt"));
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                call(c, "spawn_agent", Map.of("prompt", "write spawn-" + i + ".txt"));
                spawn.add((System.nanoTime() - t0) / 1e6);
            }
            call(c, "job_status", Map.of("wait", "all"));
            for (int i = 0; i < runs; i++) {
                var r = call(c, "spawn_agent", Map.of("prompt", "MODE:stamp=1"));
                String id = (String) ((Map<?, ?>) r.structuredContent()).get("job_id");
                call(c, "job_status", Map.of("job_ids", List.of(id), "wait", "any"));
                long returnedNanos = epochNanos();
                exitToWait.add((returnedNanos - stampOf(repo)) / 1e6);
            }
            // a second host session on the same project waits for the first one's jobs
            List<Double> exitToOtherWait = new ArrayList<>();
            try (McpSyncClient other = client(params)) {
                other.initialize();
                for (int i = 0; i < runs; i++) {
                    var r = call(c, "spawn_agent", Map.of("prompt", "MODE:stamp=1"));
                    String id = (String) ((Map<?, ?>) r.structuredContent()).get("job_id");
                    call(other, "job_status", Map.of("job_ids", List.of(id), "wait", "any"));
                    long returnedNanos = epochNanos();
                    exitToOtherWait.add((returnedNanos - stampOf(repo)) / 1e6);
                }
                other.closeGracefully();
            }
            crossServer.addAll(exitToOtherWait);
            c.closeGracefully();
        }
        // no server at all: the host quits while its job runs, and the runner it leaves records the end
        List<Double> exitToRunnerRecord = new ArrayList<>();
        for (int i = 0; i < Math.min(runs, 5); i++) {
            String id;
            try (McpSyncClient c = client(params)) {
                c.initialize();
                var r = call(c, "spawn_agent", Map.of("prompt", "MODE:stamp=3"));
                id = (String) ((Map<?, ?>) r.structuredContent()).get("job_id");
                c.closeGracefully();
            }
            Path record = repo.resolve(".context/jobs").resolve(id).resolve("job.json");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(record).contains("\"succeeded\"") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            exitToRunnerRecord.add((epochNanos() - stampOf(repo)) / 1e6);
            awaitNoRunner(repo);
        }
        new ProcessBuilder("rm", "-rf", repo.toString()).start().waitFor();
        double owner = Figure.median(exitToWait);
        return List.of(Figure.of("spine", "spawn_agent round trip (no worktree)", Figure.median(spawn), "ms"),
                Figure.of("spine", "agent exit → job_status wait returns, owner", owner, "ms"),
                Figure.of("cross-server", "agent exit → wait returns on a second server", Figure.median(crossServer), "ms")
                        .against("the owner", owner).goal(Figure.Goal.atMost(100)),
                Figure.of("spine", "agent exit → end recorded with no server (runner)",
                        Figure.median(exitToRunnerRecord), "ms").against("the owner", owner));
    }

    private static McpSyncClient client(ServerParameters params) {
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(70)).build();
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException(tool + ": " + ((McpSchema.TextContent) r.content().get(0)).text());
        }
        return r;
    }

    /** The runner leaves 10 s after its last job; the next round must start with none. */
    private static void awaitNoRunner(Path repo) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> String.join(" ", a)).filter(a -> a.contains("bg-agents.jar runner")).isPresent())) {
            Thread.sleep(100);
        }
    }

    /** The stamp the stand-in wrote as its last act, consumed so the next run finds its own. */
    private static long stampOf(Path repo) throws Exception {
        try (Stream<Path> s = Files.list(repo)) {
            Path f = s.filter(p -> p.getFileName().toString().startsWith("exit-stamp-")).findFirst().orElseThrow();
            long v = Long.parseLong(Files.readString(f).strip());
            Files.delete(f);
            return v;
        }
    }

    private static long epochNanos() {
        var now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void run(Path dir, String... cmd) throws Exception {
        new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start().waitFor();
    }
}
