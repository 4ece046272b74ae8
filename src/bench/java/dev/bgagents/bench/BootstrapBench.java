package dev.bgagents.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.it.ServerHarness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worktree bootstrap, printed, never asserted: spawn_agent until the agent runs, on a project with
 * ~550 npm packages (jest, eslint, webpack, typescript, babel: 11,000 files, 140 MB) — its node_modules
 * reused from the checkout (cloned copy-on-write where the file system can, else copied: by a project's
 * first job then and there, by the next one as the spare made in the background after it), installed
 * afresh ({@code npm ci}, offline from the npm cache a first install filled), or absent (a plain
 * worktree, the baseline) — and the same beside 50,000 tracked files, with a .env named in
 * .worktreeinclude too. The three are interleaved, so all see the same state of this machine's
 * (noisy) disk; the disk a worktree takes is the file system's used space before its spawn and after
 * its end, beyond what a plain one takes. Run it where the worktrees should be measured:
 * {@code BENCH_TMPDIR=/mnt/xfs bench/bootstrap.sh} puts the projects and the worktrees there.
 * Usage: bench/bootstrap.sh [runs]
 */
public final class BootstrapBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a front-end project of some size depends on: ~550 packages once installed. */
    private static final String PACKAGE_JSON = """
            {"name": "bench-shop", "version": "1.0.0", "private": true, "scripts": {"test": "jest"},
             "devDependencies": {"@babel/core": "7.29.17", "@babel/preset-env": "7.29.17", "babel-jest": "30.5.2",
              "eslint": "10.16.0", "jest": "30.5.2", "typescript": "7.0.2", "webpack": "5.113.0", "webpack-cli": "7.3.1"}}
            """;

    private BootstrapBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchTable.print("bootstrap, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>(project(0, runs));
        // BENCH_BOOTSTRAP_LARGE=0: the ~550 packages alone, without the 50,000-file repository (minutes less)
        if (!"0".equals(System.getenv("BENCH_BOOTSTRAP_LARGE"))) {
            out.addAll(project(50_000, Math.min(runs, 3)));
        }
        return out;
    }

    private static List<Figure> project(int files, int runs) throws Exception {
        Path dir = Files.createTempDirectory("bg-boot-bench-");
        Path away = Files.createTempDirectory("bg-boot-away-");
        // the server's npm works from its cache alone: an install that needs the network fails, and says so
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 50",
                List.of("bash", ServerHarness.STANDIN.toString()), Map.of("npm_config_offline", "true"))) {
            Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
            Files.writeString(dir.resolve(".gitignore"), "node_modules/\n.env\n");
            WorktreeBench.files(dir, files);
            run(dir, "npm", "install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error");
            h.git("add", ".");
            h.git("-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "bench project");
            if (files > 0) {
                Files.writeString(dir.resolve(".worktreeinclude"), ".env\n");
                Files.writeString(dir.resolve(".env"), "API_URL=http://localhost:3000\n");
            }
            WorktreeBench.warm(h.start());
            List<Double> plain = new ArrayList<>();
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            List<Double> spareMade = new ArrayList<>();
            List<Double> install = new ArrayList<>();
            List<Double> coldDisk = new ArrayList<>();
            List<Double> warmDisk = new ArrayList<>();
            List<Double> installDisk = new ArrayList<>();
            List<Double> plainDisk = new ArrayList<>();
            String coldHow = "";
            String warmHow = "";
            Path spares = h.worktreesHome().resolve(".bg-agents-spares");
            Path lock = dir.resolve("package-lock.json");
            byte[] locked = Files.readAllBytes(lock);
            for (int i = 0; i < runs; i++) {
                // a plain worktree: the checkout has no node_modules, .env nor .worktreeinclude for the while
                List<String> aside = files > 0 ? List.of("node_modules", ".env", ".worktreeinclude") : List.of("node_modules");
                for (String a : aside) {
                    Files.move(dir.resolve(a), away.resolve(a));
                }
                measured(h, "plain-" + i, null, plain, plainDisk);
                for (String a : aside) {
                    Files.move(away.resolve(a), dir.resolve(a));
                }
                // a job with no spare made ahead: the copy is made then and there (a project's first job)
                new ProcessBuilder("rm", "-rf", spares.toString()).start().waitFor();
                coldHow = reused(h, "cold-" + i, cold, coldDisk);
                long t0 = System.nanoTime();
                awaitSpare(spares);
                spareMade.add((System.nanoTime() - t0) / 1e6);
                // the next job: it takes the spare the one before left
                warmHow = reused(h, "warm-" + i, warm, warmDisk);
                awaitSpare(spares);
                // the checkout's lockfile moved on (one byte more): the worktree's is installed with npm ci
                Files.write(lock, "\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
                measured(h, "install-" + i, "installed", install, installDisk);
                Files.write(lock, locked);
            }
            String repo = files == 0 ? "~550 npm packages" : String.format("~550 npm packages, %,d files, .env", files);
            double base = Figure.median(plain);
            double plainUsed = Figure.median(plainDisk);
            return List.of(
                    Figure.of("bootstrap", repo + ": spawn_agent until the agent runs, plain worktree (no node_modules)", base, "ms"),
                    Figure.of("bootstrap", repo + ": the same, a project's first job: node_modules " + coldHow,
                            Figure.median(cold), "ms").against("plain worktree", base),
                    Figure.of("bootstrap", repo + ": the same, the next job: node_modules " + warmHow, Figure.median(warm), "ms")
                            .against("plain worktree", base).goal(Figure.Goal.ratioAtMost(1.2)),
                    Figure.of("bootstrap", repo + ": the spare for the next job, ready after the first job's agent started",
                            Figure.median(spareMade), "ms"),
                    Figure.of("bootstrap", repo + ": the same, node_modules installed (npm ci from the npm cache)",
                            Figure.median(install), "ms").against("plain worktree", base),
                    Figure.of("bootstrap", repo + ": disk beyond a plain worktree, first job (its copy and the spare made)",
                            Figure.median(coldDisk) - plainUsed, "MB"),
                    Figure.of("bootstrap", repo + ": disk beyond a plain worktree, next job", Figure.median(warmDisk) - plainUsed, "MB"),
                    Figure.of("bootstrap", repo + ": disk beyond a plain worktree, node_modules installed",
                            Figure.median(installDisk) - plainUsed, "MB"));
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString(), away.toString()).start().waitFor();
        }
    }

    /** Waits until a spare node_modules is ready for the next job (made in the background). */
    private static void awaitSpare(Path spares) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (var s = Files.list(spares)) {
                if (s.anyMatch(p -> p.getFileName().toString().matches("node_modules\\.[0-9a-f]{16}")
                        && Files.isDirectory(p.resolve("tree")))) {
                    return;
                }
            } catch (IOException e) {
                // not made yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no spare node_modules in " + spares + " after 5 minutes");
    }

    /** A job's run: its id, the time from its spawn to its agent's start, its summary's Bootstrap line (or null). */
    private record Run(String id, double ms, String said) {
    }

    /** A reuse run: how the summary says node_modules came ("copied from the checkout", "cloned (copy-on-write) …"). */
    private static String reused(ServerHarness h, String name, List<Double> times, List<Double> disk) throws Exception {
        String said = measured(h, name, "from the checkout", times, disk);
        int from = said.indexOf("node_modules ") + "node_modules ".length();
        return said.substring(from, said.indexOf(" in ", from));
    }

    /** A run whose time and disk (the file system's used space, before and after) are kept; its Bootstrap line. */
    private static String measured(ServerHarness h, String name, String expected, List<Double> times, List<Double> disk)
            throws Exception {
        long before = used(h.project);
        Run r = spawned(h, name, expected);
        disk.add((used(h.project) - before) / 1e6);
        times.add(r.ms());
        removed(h, r);
        return r.said();
    }

    /** Spawns a job and waits for its end; {@code expected}: what its summary's Bootstrap line must say (null: no such line). */
    private static Run spawned(ServerHarness h, String name, String expected) throws Exception {
        Instant asked = Instant.now();
        String id = h.spawn("write " + name + ".txt", Map.of("worktree", true));
        h.awaitEnd(id);
        var record = JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
        double ms = Duration.between(asked, Instant.parse(record.path("state").path("started_at").asText())).toNanos() / 1e6;
        String summary = ServerHarness.text(h.call("read_summary", Map.of("job_id", id)));
        String line = summary.lines().filter(l -> l.startsWith("Bootstrap: ")).findFirst().orElse(null);
        if (expected == null ? line != null : line == null || !line.contains(expected)) {
            throw new IllegalStateException(name + ": expected " + (expected == null ? "no bootstrap" : expected) + ": " + summary);
        }
        return new Run(id, ms, line);
    }

    /** Merged, its worktree removed: the disk as before for the next run. */
    private static void removed(ServerHarness h, Run r) {
        h.call("merge_worktree", Map.of("job_id", r.id()));
    }

    private static long used(Path on) throws IOException, InterruptedException {
        run(on, "sync");
        String out = run(on, "df", "-B1", "--output=used", on.toString());
        return Long.parseLong(out.lines().skip(1).findFirst().orElse("0").strip());
    }

    private static String run(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + ": " + out);
        }
        return out;
    }
}
