package dev.bgagents.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's memory while agents print a lot, printed, never asserted: peak resident set
 * (VmHWM, summed over the server's JVMs) of a server started by bin/bg-agents, as the registrations start it, for 30 agents
 * printing 20 MB of stream-json each at once, one printing 200 MB, and one printing a 100 MB
 * line with no newline; with every job's output checked line by line against what the
 * stand-in printed. Usage: bench/footprint.sh [java-jar]
 */
public final class FootprintBench {
    private FootprintBench() {
    }

    record Outcome(long peakKb, int jobs, int succeeded, int exact, double seconds) {
    }

    /** bin/bg-agents (its JVM flags), or with "java-jar" as many hosts register it. */
    private static boolean plainJava;

    public static void main(String[] args) throws Exception {
        plainJava = args.length > 0 && args[0].equals("java-jar");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        BenchTable.print("server peak RSS while agents print, " + (plainJava ? "java -jar (re-starts itself with the launcher's flags)"
                : "bin/bg-agents"), figures(runs), null);
    }

    /** Peak RSS per load, the median of {@code runs} servers each; the idle server is the baseline. */
    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        Map<String, List<String>> loads = new java.util.LinkedHashMap<>();
        loads.put("30 agents × 20 MB stream-json at once", java.util.Collections.nCopies(30, "MODE:jsonflood=20"));
        loads.put("1 agent × 200 MB stream-json", List.of("MODE:jsonflood=200"));
        loads.put("1 agent: a 100 MB line, no newline", List.of("MODE:longline=100"));
        List<Long> idle = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            idle.add(run(List.of()).peakKb() / 1024);
        }
        double idleMb = Figure.median(idle);
        out.add(Figure.of("footprint", "idle server peak RSS (initialize, tools/list)", idleMb, "MB")
                .goal(Figure.Goal.atMost(300)));
        for (var load : loads.entrySet()) {
            List<Long> peaks = new ArrayList<>();
            Outcome last = null;
            for (int i = 0; i < runs; i++) {
                last = run(load.getValue());
                peaks.add(last.peakKb() / 1024);
                System.out.printf("  %-40s peak %4d MB   %d/%d succeeded, %d/%d captured exactly, %.1f s%n",
                        load.getKey(), last.peakKb() / 1024, last.succeeded(), last.jobs(), last.exact(), last.jobs(),
                        last.seconds());
            }
            // the long line's agent exits 0 with no result line: a cut-off run, which ends failed
            boolean cutOff = load.getKey().contains("no newline");
            int shouldSucceed = cutOff ? 0 : last.jobs();
            String checked = last.succeeded() == shouldSucceed && last.exact() == last.jobs()
                    ? (cutOff ? "byte-exact, failed as a cut-off run" : "all succeeded, byte-exact")
                    : last.succeeded() + "/" + last.jobs() + " succeeded, " + last.exact() + "/" + last.jobs() + " byte-exact";
            out.add(Figure.of("footprint", load.getKey() + " (" + checked + ")", Figure.median(peaks), "MB")
                    .against("idle server", idleMb).goal(Figure.Goal.atMost(300)));
        }
        return out;
    }

    private static Outcome run(List<String> prompts) throws Exception {
        Path repo = Files.createTempDirectory("bg-footprint-");
        new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor();
        Path standin = Path.of("src/test/resources/standins/claude-standin.sh").toAbsolutePath();
        Path config = repo.resolve(".git/bg-agents.json");
        Files.writeString(config, "{\"max_concurrent\": 30, \"providers\": {\"claude\": {\"command\": [\"bash\", \""
                + standin + "\"]}}}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = (plainJava
                ? ServerParameters.builder(java).args("-jar", Path.of("target/bg-agents.jar").toAbsolutePath().toString())
                : ServerParameters.builder(Path.of("bin/bg-agents").toAbsolutePath().toString()))
                .env(Map.of("BG_AGENTS_PROJECT", repo.toString(), "BG_AGENTS_CONFIG", config.toString())).build();
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        long t0 = System.nanoTime();
        try (McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(70)).build()) {
            c.initialize();
            c.listTools();
            List<Long> server = serverPids();
            List<String> ids = new ArrayList<>();
            for (String p : prompts) {
                var r = c.callTool(McpSchema.CallToolRequest.builder("spawn_agent")
                        .arguments(Map.of("prompt", p, "worktree", false)).build());
                ids.add((String) ((Map<?, ?>) r.structuredContent()).get("job_id"));
            }
            int succeeded = 0;
            while (!ids.isEmpty() && activeCount(c, ids) > 0) {
                Thread.sleep(200);
            }
            for (String id : ids) {
                if (statusOf(c, id).equals("succeeded")) {
                    succeeded++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = 0;
            for (long pid : server) {
                peak += peakKb(pid);
            }
            int exact = 0;
            for (int i = 0; i < ids.size(); i++) {
                if (exact(repo.resolve(".context/jobs").resolve(ids.get(i)).resolve("stdout.log"), prompts.get(i))) {
                    exact++;
                }
            }
            c.closeGracefully();
            return new Outcome(peak, ids.size(), succeeded, exact, seconds);
        } finally {
            new ProcessBuilder("rm", "-rf", repo.toString()).start().waitFor();
        }
    }

    @SuppressWarnings("unchecked")
    private static long activeCount(McpSyncClient c, List<String> ids) {
        var r = c.callTool(McpSchema.CallToolRequest.builder("job_status").arguments(Map.of("job_ids", ids)).build());
        return ((List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("jobs")).stream()
                .filter(j -> j.get("status").equals("running") || j.get("status").equals("queued")).count();
    }

    @SuppressWarnings("unchecked")
    private static String statusOf(McpSyncClient c, String id) {
        var r = c.callTool(McpSchema.CallToolRequest.builder("job_status").arguments(Map.of("job_ids", List.of(id))).build());
        return (String) ((List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("jobs")).get(0).get("status");
    }

    /** The stdout file holds what the stand-in printed: init, the body line after line, the result. */
    private static boolean exact(Path stdout, String prompt) throws IOException {
        int mb = Integer.parseInt(prompt.replaceAll("\\D+", ""));
        if (prompt.startsWith("MODE:longline")) {
            long size = Files.size(stdout);
            String first;
            try (BufferedReader r = Files.newBufferedReader(stdout, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            return first.startsWith("{\"type\":\"system\"") && size == first.length() + 1 + (long) mb * 1024 * 1024;
        }
        String body = "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\""
                + "j".repeat(960) + "\"}]},\"session_id\":\"flood\"}";
        long want = (long) mb * 1024 * 1024 / (body.length() + 1);
        long seen = 0;
        try (BufferedReader r = Files.newBufferedReader(stdout, StandardCharsets.UTF_8)) {
            if (!r.readLine().startsWith("{\"type\":\"system\"")) {
                return false;
            }
            String line;
            while ((line = r.readLine()) != null && line.equals(body)) {
                seen++;
            }
            return seen == want && line != null && line.startsWith("{\"type\":\"result\"") && r.readLine() == null;
        }
    }

    /** The server's JVMs: one, or under java -jar two (the one started and the one it re-started with the launcher's flags). */
    private static List<Long> serverPids() {
        List<Long> pids = ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(l -> l.contains("bg-agents.jar")).orElse(false)).map(ProcessHandle::pid).toList();
        if (pids.isEmpty()) {
            throw new IllegalStateException("no server process");
        }
        return pids;
    }

    private static long peakKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
