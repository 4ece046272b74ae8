package dev.bgagents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.it.ServerHarness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How soon a host's first requests are answered, printed, never asserted: from process start to
 * the answer of {@code server/discover} (Claude Code probes with it for 3 s) and of a modern
 * {@code tools/list}, for {@code java -jar} and for the {@code bin/bg-agents} launcher the shipped
 * registrations use; {@code busy N} adds N spinning processes to load the machine.
 * Usage: bench/startup.sh [runs] [busy]
 */
public final class StartupBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int busy = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path project = Files.createTempDirectory("bg-startup-");
        new ProcessBuilder("git", "init", "-q", project.toString()).inheritIO().start().waitFor();
        List<Process> spinners = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
        try {
            System.out.printf("first answers after process start, %d runs, %d busy processes on %d cores%n",
                    runs, busy, Runtime.getRuntime().availableProcessors());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            measure("java -jar", List.of(java, "-jar", ServerHarness.JAR.toString()), project, runs);
            measure("bin/bg-agents", List.of(Path.of("bin/bg-agents").toAbsolutePath().toString()), project, runs);
            // the 2025 handshake against the baseline, interleaved so both see the same machine
            String cp = ServerHarness.JAR + ":" + Path.of("target/test-classes").toAbsolutePath();
            List<List<String>> commands = List.of(List.of(java, "-cp", cp, PlainSdkServer.class.getName()),
                    List.of(java, "-jar", ServerHarness.JAR.toString()),
                    List.of(Path.of("bin/bg-agents").toAbsolutePath().toString()));
            List<String> labels = List.of("plain SDK 2.1.0 server, 1 tool", "bg-agents: java -jar", "bg-agents: bin/bg-agents");
            long[][][] at = new long[commands.size()][2][runs];
            for (int i = 0; i < runs; i++) {
                for (int c = 0; c < commands.size(); c++) {
                    long[] r = classic(commands.get(c), project);
                    at[c][0][i] = r[0];
                    at[c][1][i] = r[1];
                }
            }
            System.out.println("initialize / tools/list answered after process start (2025 handshake), medians:");
            long baseInit = median(at[0][0]);
            long baseList = median(at[0][1]);
            for (int c = 0; c < commands.size(); c++) {
                System.out.printf("  %-32s initialize %5d ms (x%.2f) | tools/list %5d ms (x%.2f)%n", labels.get(c),
                        median(at[c][0]), median(at[c][0]) / (double) baseInit, median(at[c][1]),
                        median(at[c][1]) / (double) baseList);
            }
        } finally {
            spinners.forEach(Process::destroyForcibly);
        }
    }

    private static void measure(String label, List<String> command, Path project, int runs) throws Exception {
        long[] discover = new long[runs];
        long[] list = new long[runs];
        for (int i = 0; i < runs; i++) {
            long[] r = once(command, project);
            discover[i] = r[0];
            list[i] = r[1];
        }
        java.util.Arrays.sort(discover);
        java.util.Arrays.sort(list);
        System.out.printf("  %-14s server/discover median %5d ms, max %5d | tools/list median %5d ms, max %5d%n",
                label, discover[runs / 2], discover[runs - 1], list[runs / 2], list[runs - 1]);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Process start(List<String> command, Path project) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("BG_AGENTS_PROJECT", project.toString());
        return pb.start();
    }

    /** initialize, then (after notifications/initialized) tools/list: when each was answered, in ms. */
    private static long[] classic(List<String> command, Path project) throws Exception {
        long t0 = System.nanoTime();
        Process p = start(command, project);
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write((JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                    Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                            "clientInfo", Map.of("name", "bench", "version", "1")))) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            long[] at = new long[2];
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                if (n.path("id").asInt() == 1) {
                    at[0] = (System.nanoTime() - t0) / 1_000_000;
                    in.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}\n")
                            .getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } else if (n.path("id").asInt() == 2) {
                    at[1] = (System.nanoTime() - t0) / 1_000_000;
                    return at;
                }
            }
            throw new IllegalStateException(command + " ended before answering");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static long[] once(List<String> command, Path project) throws Exception {
        Map<String, Object> meta = Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities", Map.of());
        long t0 = System.nanoTime();
        Process p = start(command, project);
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int id = 1; id <= 2; id++) {
                in.write((JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id,
                        "method", id == 1 ? "server/discover" : "tools/list", "params", Map.of("_meta", meta))) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            long[] at = new long[2];
            for (int seen = 0; seen < 2; ) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException(command + " ended before answering");
                }
                JsonNode n = JSON.readTree(line);
                if (n.has("id")) {
                    at[n.get("id").asInt() - 1] = (System.nanoTime() - t0) / 1_000_000;
                    seen++;
                }
            }
            return at;
        } finally {
            p.waitFor();
        }
    }
}
