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
        BenchTable.print("start-up, " + runs + " runs, " + busy + " busy processes", figures(runs, busy), null);
    }

    /**
     * The 2025 handshake (initialize, then tools/list) against a plain SDK server with one tool,
     * interleaved so both see the same machine; then the 2026 handshake Claude Code 2.1.328 uses.
     */
    static List<Figure> figures(int runs, int busy) throws Exception {
        Path project = Files.createTempDirectory("bg-startup-");
        new ProcessBuilder("git", "init", "-q", project.toString()).inheritIO().start().waitFor();
        List<Process> spinners = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String launcher = Path.of("bin/bg-agents").toAbsolutePath().toString();
            String cp = ServerHarness.JAR + ":" + Path.of("target/test-classes").toAbsolutePath();
            List<List<String>> commands = List.of(List.of(java, "-cp", cp, PlainSdkServer.class.getName()),
                    List.of(java, "-jar", ServerHarness.JAR.toString()), List.of(launcher));
            long[][][] at = new long[commands.size()][2][runs];
            long[][] modern = new long[2][runs];
            for (int i = 0; i < runs; i++) {
                for (int c = 0; c < commands.size(); c++) {
                    long[] r = classic(commands.get(c), project);
                    at[c][0][i] = r[0];
                    at[c][1][i] = r[1];
                }
                long[] m = once(List.of(launcher), project);
                modern[0][i] = m[0];
                modern[1][i] = m[1];
            }
            String area = busy == 0 ? "start-up" : "start-up, " + busy + " busy";
            String plain = "plain SDK 2.1.0 server, 1 tool";
            double baseInit = median(at[0][0]);
            double baseList = median(at[0][1]);
            return List.of(
                    Figure.of(area, "initialize answered, bin/bg-agents", median(at[2][0]), "ms")
                            .against(plain, baseInit).goal(Figure.Goal.ratioAtMost(0.6)),
                    Figure.of(area, "tools/list answered, bin/bg-agents", median(at[2][1]), "ms").against(plain, baseList),
                    Figure.of(area, "initialize answered, java -jar", median(at[1][0]), "ms").against(plain, baseInit),
                    Figure.of(area, "2026 handshake: server/discover answered", median(modern[0]), "ms")
                            .against(plain + " (initialize)", baseInit),
                    Figure.of(area, "2026 handshake: tools/list answered", median(modern[1]), "ms")
                            .against(plain + " (tools/list)", baseList));
        } finally {
            spinners.forEach(Process::destroyForcibly);
            new ProcessBuilder("rm", "-rf", project.toString()).start().waitFor();
        }
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
