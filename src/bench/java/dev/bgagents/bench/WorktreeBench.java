package dev.bgagents.bench;

import dev.bgagents.it.ServerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Figures for worktrees, printed, never asserted, on a repository of 5,000 files: plain
 * {@code git worktree add}, spawn_agent with a worktree (its round trip, and until the agent
 * runs in the checked-out worktree), and
 * merge_worktree of a one-file change. Usage: bench/worktrees.sh [runs]
 */
public final class WorktreeBench {
    private WorktreeBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("bg-wt-bench-");
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 50")) {
            for (int i = 0; i < 5000; i++) {
                Path f = dir.resolve("src/pkg" + (i / 100) + "/file" + i + ".txt");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "line " + i + "\n");
            }
            h.git("add", ".");
            h.git("-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "5000 files");
            h.start();
            // interleaved, so both see the same state of this machine's (noisy) file system
            List<Double> plain = new ArrayList<>();
            List<Double> spawn = new ArrayList<>();
            List<Double> merge = new ArrayList<>();
            List<Double> toRunning = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path wt = dir.resolve(".context/plain-" + i);
                long t0 = System.nanoTime();
                h.git("worktree", "add", "-q", "-b", "plain/" + i, wt.toString(), "HEAD");
                plain.add((System.nanoTime() - t0) / 1e6);
                h.git("worktree", "remove", "--force", wt.toString());

                java.time.Instant asked = java.time.Instant.now();
                long t1 = System.nanoTime();
                String id = h.spawn("write bench-" + i + ".txt", Map.of("worktree", true));
                spawn.add((System.nanoTime() - t1) / 1e6);
                h.awaitEnd(id);
                var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        h.jobDir(id).resolve("job.json").toFile());
                java.time.Instant started = java.time.Instant.parse(record.path("state").path("started_at").asText());
                toRunning.add(java.time.Duration.between(asked, started).toNanos() / 1e6);
                long t2 = System.nanoTime();
                var r = h.call("merge_worktree", Map.of("job_id", id));
                merge.add((System.nanoTime() - t2) / 1e6);
                if (!Boolean.TRUE.equals(ServerHarness.structured(r).get("merged"))) {
                    throw new IllegalStateException(ServerHarness.text(r));
                }
            }
            System.out.printf("bg-agents worktree benchmark, repo of 5,000 files, %d runs each%n", runs);
            print("git worktree add alone", plain);
            print("spawn_agent with a worktree (round trip)", spawn);
            print("... until the agent runs in its worktree", toRunning);
            print("merge_worktree, one file, with cleanup", merge);
        }
    }

    private static void print(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("  %-42s median %7.1f ms   min %7.1f   max %7.1f%n", what, s.get(s.size() / 2), s.get(0),
                s.get(s.size() - 1));
    }
}
