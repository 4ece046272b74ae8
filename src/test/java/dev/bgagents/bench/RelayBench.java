package dev.bgagents.bench;

import dev.bgagents.it.AgentHomes;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.Scenario;
import dev.bgagents.relay.RelayMain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the relay costs a claude job: spawn to claude's first event (its init line) and to its exit, claude run
 * as a plain job runs it against claude run through the relay, interleaved, median of {@code args[0]} runs each
 * (default 7), the real claude against AnthropicMock; and the relay's resident memory once claude has spoken.
 * Run by bench/relay.sh.
 */
public final class RelayBench {
    private RelayBench() {
    }

    record Run(double firstMs, double endMs, long relayRssKb) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path dir = Files.createTempDirectory("relay-bench-");
        String claude = AgentHomes.command("claude").get(0);
        try (AnthropicMock mock = new AnthropicMock()) {
            mock.scenario(new Scenario.Text("Hello."));
            Map<String, String> env = AgentHomes.env(dir.resolve("home"), mock.baseUrl(), null, null);
            Path prompt = Files.writeString(dir.resolve("prompt.md"), "Say hello.");
            List<Run> plain = new ArrayList<>();
            List<Run> relayed = new ArrayList<>();
            run(List.of(claude, "-p", "--output-format", "stream-json", "--verbose", "Say hello."), null, env, dir, false);
            for (int i = 0; i < n; i++) {
                plain.add(run(List.of(claude, "-p", "--output-format", "stream-json", "--verbose",
                        "--permission-mode", "acceptEdits", "Say hello."), null, env, dir, false));
                Path channel = Files.createDirectories(dir.resolve("job-" + i).resolve("channel"));
                relayed.add(run(RelayMain.command(channel, true, 300L, List.of(claude, "-p", "--input-format",
                        "stream-json", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits",
                        "--permission-prompt-tool", "stdio")), prompt, env, dir, true));
            }
            System.out.printf("claude %s, %d runs each, median (min–max)%n", version(claude), n);
            System.out.printf("spawn → first event: plain %s ms, relayed %s ms%n", median(plain, Run::firstMs),
                    median(relayed, Run::firstMs));
            System.out.printf("spawn → exit:        plain %s ms, relayed %s ms%n", median(plain, Run::endMs),
                    median(relayed, Run::endMs));
            System.out.printf("relay RSS at claude's first event: %s KiB%n",
                    median(relayed, r -> (double) r.relayRssKb()));
        }
    }

    private static Run run(List<String> cmd, Path stdin, Map<String, String> env, Path dir, boolean relay)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.environment().putAll(env);
        pb.environment().remove("CLAUDECODE");
        long t0 = System.nanoTime();
        Process p = pb.start();
        double first = -1;
        long rss = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (first < 0) {
                    first = (System.nanoTime() - t0) / 1e6;
                    rss = relay ? rssKb(p.pid()) : 0;
                }
            }
        }
        p.waitFor();
        return new Run(first, (System.nanoTime() - t0) / 1e6, rss);
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0L);
        } catch (Exception gone) {
            return 0;
        }
    }

    private static String median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>(runs.stream().map(f::applyAsDouble).toList());
        Collections.sort(v);
        return String.format("%.0f (%.0f–%.0f)", v.get(v.size() / 2), v.get(0), v.get(v.size() - 1));
    }

    private static String version(String claude) throws Exception {
        Process p = new ProcessBuilder(claude, "--version").redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
