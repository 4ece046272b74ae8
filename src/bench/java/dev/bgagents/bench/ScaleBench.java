package dev.bgagents.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How the cost grows with the jobs a project has on record, printed, never asserted: server
 * start (initialize answered, through bin/bg-agents), job_status with no ids and with one id,
 * and the {@code jobs} command, for 10, 100, 1,000 and 10,000 stored jobs. The records are
 * copies of one real ended job (its directory, with a new id), as months of use leave them.
 * Usage: bench/scale.sh [runs]
 */
public final class ScaleBench {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchTable.print("cost by stored jobs, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        Path repo = Files.createTempDirectory("bg-scale-");
        new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor();
        Path standin = Path.of("src/test/resources/standins/claude-standin.sh").toAbsolutePath();
        Path config = repo.resolve(".git/bg-agents.json");
        Files.writeString(config, "{\"providers\": {\"claude\": {\"command\": [\"bash\", \"" + standin + "\"]}}}");
        ServerParameters params = ServerParameters.builder(Path.of("bin/bg-agents").toAbsolutePath().toString())
                .env(Map.of("BG_AGENTS_PROJECT", repo.toString(), "BG_AGENTS_CONFIG", config.toString())).build();
        String model;
        try (McpSyncClient c = client(params)) {
            c.initialize();
            var r = call(c, "spawn_agent", Map.of("prompt", "write a.txt", "worktree", false));
            model = (String) ((Map<?, ?>) r.structuredContent()).get("job_id");
            call(c, "job_status", Map.of("job_ids", List.of(model), "wait", "all"));
            call(c, "read_summary", Map.of("job_id", model));
            c.closeGracefully();
        }
        Path jobs = repo.resolve(".context/jobs");
        List<Figure> out = new ArrayList<>();
        double[] at10 = new double[5];
        int have = 1;
        for (int n : List.of(10, 100, 1_000, 10_000)) {
            for (; have < n; have++) {
                // months of use: one job every half hour, back from now
                copy(jobs.resolve(model), jobs, String.format("claude-%06x", have),
                        java.time.Instant.now().minus(Duration.ofMinutes(30L * (n - have + 1))));
            }
            // the first start after the records were written (or after an upgrade) notes the settled ones
            long first = System.nanoTime();
            try (McpSyncClient c = client(params)) {
                c.initialize();
                double firstMs = ms(first);
                if (n == 10_000) {
                    out.add(Figure.of("scale", "first start, 10,000 jobs none noted as settled yet", firstMs, "ms"));
                }
                c.closeGracefully();
            }
            List<Double> start = new ArrayList<>();
            List<Double> firstCall = new ArrayList<>();
            List<Double> none = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            List<Double> cli = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                try (McpSyncClient c = client(params)) {
                    c.initialize();
                    start.add(ms(t0));
                    long t1 = System.nanoTime();
                    call(c, "job_status", Map.of());
                    firstCall.add(ms(t1));
                    call(c, "job_status", Map.of());
                    long t4 = System.nanoTime();
                    call(c, "job_status", Map.of());
                    none.add(ms(t4));
                    long t2 = System.nanoTime();
                    call(c, "job_status", Map.of("job_ids", List.of(model)));
                    one.add(ms(t2));
                    c.closeGracefully();
                }
                long t3 = System.nanoTime();
                ProcessBuilder pb = new ProcessBuilder(Path.of("bin/bg-agents").toAbsolutePath().toString(), "jobs")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("BG_AGENTS_PROJECT", repo.toString());
                pb.start().waitFor();
                cli.add(ms(t3));
            }
            double[] m = {Figure.median(start), Figure.median(none), Figure.median(one), Figure.median(cli),
                Figure.median(firstCall)};
            System.out.printf("  %,7d jobs: start %.0f ms, job_status %.0f / %.0f ms, jobs %.0f ms%n", n, m[0], m[1],
                    m[2], m[3]);
            if (n == 10) {
                at10 = m;
            }
            String jobsN = String.format("%,d jobs", n);
            String[] what = {": server start (initialize answered)", ": job_status, no ids", ": job_status, one id",
                ": `bg-agents jobs`", ": the first job_status after start (classes still loading)"};
            Figure.Goal[] goals = {Figure.Goal.growthAtMost(200), Figure.Goal.atMost(50), Figure.Goal.atMost(50), null,
                null};
            for (int k = 0; k < what.length; k++) {
                Figure f = Figure.of("scale", jobsN + what[k], m[k], "ms");
                if (n != 10) {
                    f = f.against("10 jobs", at10[k]);
                }
                out.add(n == 10 && k == 0 ? f : f.goal(goals[k]));
            }
        }
        new ProcessBuilder("rm", "-rf", repo.toString()).start().waitFor();
        return out;
    }

    private static void copy(Path model, Path jobs, String id, java.time.Instant createdAt) throws Exception {
        Path dir = Files.createDirectories(jobs.resolve(id));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".lock")) {
                    continue;
                }
                if (name.equals("job.json")) {
                    var record = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Files.readString(f)
                            .replace(model.getFileName().toString(), id));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) record.path("spec"))
                            .put("created_at", createdAt.toString());
                    var state = (com.fasterxml.jackson.databind.node.ObjectNode) record.path("state");
                    state.put("started_at", createdAt.plusSeconds(1).toString());
                    state.put("ended_at", createdAt.plusSeconds(60).toString());
                    Files.writeString(dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
                } else {
                    Files.copy(f, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static McpSyncClient client(ServerParameters params) {
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(120)).build();
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }
}
