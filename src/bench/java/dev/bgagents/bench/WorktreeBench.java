package dev.bgagents.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.it.ServerHarness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Worktrees on repositories of 5,000 and 50,000 files, printed, never asserted: spawn_agent
 * until the agent runs in its checked-out worktree, against {@code git worktree add} alone; and
 * merge_worktree of a one-file change (merge, worktree and branch removed) against the git
 * commands a person types for the same (merge --no-ff, worktree remove, branch -d). Interleaved,
 * so both see the same state of this machine's (noisy) file system. Usage: bench/worktrees.sh [runs]
 */
public final class WorktreeBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorktreeBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchTable.print("worktrees, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        for (int files : List.of(5_000, 50_000)) {
            Path dir = Files.createTempDirectory("bg-wt-bench-");
            try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 50")) {
                files(dir, files);
                h.git("add", ".");
                h.git("-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", files + " files");
                warm(h.start());
                List<Double> plainAdd = new ArrayList<>();
                List<Double> plainMerge = new ArrayList<>();
                List<Double> toRunning = new ArrayList<>();
                List<Double> merge = new ArrayList<>();
                int n = files > 10_000 ? Math.min(runs, 3) : runs;
                for (int i = 0; i < n; i++) {
                    Path wt = dir.resolve(".context/plain-" + i);
                    long t0 = System.nanoTime();
                    h.git("worktree", "add", "-q", "-b", "plain/" + i, wt.toString(), "HEAD");
                    plainAdd.add(ms(t0));
                    Files.writeString(wt.resolve("plain-" + i + ".txt"), "plain\n");
                    ServerHarness.runGit(wt, "add", ".");
                    ServerHarness.runGit(wt, "-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "one file");
                    long t1 = System.nanoTime();
                    h.git("-c", "user.name=b", "-c", "user.email=b@b.invalid", "merge", "--no-ff", "-q", "-m", "merge",
                            "plain/" + i);
                    h.git("worktree", "remove", wt.toString());
                    h.git("branch", "-d", "-q", "plain/" + i);
                    plainMerge.add(ms(t1));

                    Instant asked = Instant.now();
                    String id = h.spawn("write bench-" + i + ".txt", Map.of("worktree", true));
                    h.awaitEnd(id);
                    var record = JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
                    Instant started = Instant.parse(record.path("state").path("started_at").asText());
                    toRunning.add(Duration.between(asked, started).toNanos() / 1e6);
                    long t2 = System.nanoTime();
                    var r = h.call("merge_worktree", Map.of("job_id", id));
                    merge.add(ms(t2));
                    if (!Boolean.TRUE.equals(ServerHarness.structured(r).get("merged"))) {
                        throw new IllegalStateException(ServerHarness.text(r));
                    }
                }
                String repo = String.format("%,d files", files);
                out.add(Figure.of("worktrees", repo + ": spawn_agent until the agent runs in its worktree",
                        Figure.median(toRunning), "ms").against("git worktree add alone", Figure.median(plainAdd))
                        .goal(Figure.Goal.ratioAtMost(1.1)));
                out.add(Figure.of("worktrees", repo + ": merge_worktree, one file, with cleanup", Figure.median(merge),
                        "ms").against("git merge --no-ff, worktree remove, branch -d", Figure.median(plainMerge)));
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
        return out;
    }

    /** The server's first worktree loads the git classes: paid once per server, not per job, so before measuring. */
    static void warm(ServerHarness h) {
        String warm = h.spawn("write warm.txt", Map.of("worktree", true));
        h.awaitEnd(warm);
        h.call("merge_worktree", Map.of("job_id", warm));
    }

    /** {@code n} small files under {@code dir}/src, a hundred a folder: a repository of that many files. */
    static void files(Path dir, int n) throws java.io.IOException {
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("src/pkg" + (i / 100) + "/file" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "line " + i + "\n");
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
