package dev.bgagents.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every benchmark in one run, one table: each part's figures in turn, each beside its baseline
 * measured in the same run; a part that fails says so in the table and the others still run.
 * Usage: bench/run.sh [runs] [part ...]  (parts: startup footprint spine scale active plans
 * worktrees bootstrap host ways agents processes; all when none is named). The table goes to target/bench/results.md,
 * and with {@code BENCH_DOCS=1}, when every part ran, between the markers of docs/benchmarks.md ({@link DocsTable}).
 */
public final class RunAll {
    /** A benchmark that yields figures, run with a number of repetitions. */
    interface Part {
        List<Figure> figures(int runs) throws Exception;
    }

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, Part> parts = new LinkedHashMap<>();
        parts.put("startup", r -> StartupBench.figures(r, 0));
        // peak RSS is one figure per server: three servers per load, as it takes a minute each
        parts.put("footprint", r -> FootprintBench.figures(Math.min(r, 3)));
        parts.put("spine", SpineBench::figures);
        parts.put("scale", r -> ScaleBench.figures(Math.min(r, 5)));
        parts.put("active", ActiveJobsBench::figures);
        parts.put("plans", r -> PlanBench.figures(Math.min(r, 3)));
        parts.put("worktrees", WorktreeBench::figures);
        parts.put("bootstrap", BootstrapBench::figures);
        parts.put("host", r -> HostBench.figures(Math.min(r, 3)));
        parts.put("hosts", r -> HostsBench.figures(Math.min(r, 3)));
        parts.put("ways", r -> ThreeWaysBench.figures(Math.min(r, 3)));
        parts.put("agents", r -> AgentsBench.figures(Math.min(r, 3)));
        parts.put("processes", r -> ProcessTableBench.figures(Math.max(r, 20)));
        List<String> chosen = args.length > 1 ? List.of(args).subList(1, args.length) : List.copyOf(parts.keySet());
        for (String name : chosen) {
            if (!parts.containsKey(name)) {
                System.err.println("no benchmark part " + name + "; parts: " + String.join(" ", parts.keySet()));
                System.exit(2);
            }
        }
        List<Figure> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String name : chosen) {
            System.out.println("== " + name);
            long p0 = System.nanoTime();
            try {
                List<Figure> got = parts.get(name).figures(runs);
                all.addAll(got);
                System.out.print(BenchTable.render(name, got));
            } catch (Exception | Error e) {
                all.add(Figure.of(name, "FAILED: " + e, Double.NaN, ""));
                e.printStackTrace();
            }
            System.out.printf("   (%s: %.0f s)%n", name, (System.nanoTime() - p0) / 1e9);
        }
        String title = String.format("bg-agents benchmarks: %s, medians of up to %d runs, %d cores, %s, %.0f min",
                commit(), runs, Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now(),
                (System.nanoTime() - t0) / 6e10);
        BenchTable.print(title, all, Path.of("target/bench/results.md"));
        if (DocsTable.asked(System.getenv("BENCH_DOCS"))) {
            if (chosen.size() < parts.size()) {
                System.out.println(DocsTable.PAGE + " not written: it holds a run of every part, this run had "
                        + String.join(" ", chosen));
            } else {
                DocsTable.write(DocsTable.PAGE, BenchTable.render(title, all));
                System.out.println("written between the bench markers of " + DocsTable.PAGE);
            }
        }
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : "no commit";
        } catch (Exception e) {
            return "no commit";
        }
    }
}
