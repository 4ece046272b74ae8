package dev.bgagents.bench;

import dev.bgagents.it.ServerHarness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the jobs already running cost a new one, printed, never asserted: the spawn_agent round
 * trip (no worktree, so only the server's own work is timed) with 0, 10 and 50 agents running,
 * and job_status of them all. The running agents are the stand-in asleep: the server watches
 * them as it watches any agent. Usage: bench/active.sh [runs]
 */
public final class ActiveJobsBench {
    private ActiveJobsBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchTable.print("spawn_agent with agents running, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("bg-active-");
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 80").start()) {
            h.spawn("write warmup.txt", Map.of("worktree", false));
            List<String> sleeping = new ArrayList<>();
            double none = 0;
            for (int active : List.of(0, 10, 50)) {
                while (sleeping.size() < active) {
                    sleeping.add(h.spawn("MODE:sleep=600", Map.of("worktree", false)));
                }
                awaitRunning(h, sleeping);
                List<Double> spawn = new ArrayList<>();
                List<Double> status = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    String id = h.spawn("write a" + active + "-" + i + ".txt", Map.of("worktree", false));
                    spawn.add((System.nanoTime() - t0) / 1e6);
                    h.awaitEnd(id);
                    long t1 = System.nanoTime();
                    h.call("job_status", Map.of());
                    status.add((System.nanoTime() - t1) / 1e6);
                }
                double median = Figure.median(spawn);
                if (active == 0) {
                    none = median;
                    out.add(Figure.of("active jobs", "spawn_agent round trip, no agent running", median, "ms"));
                } else {
                    out.add(Figure.of("active jobs", "spawn_agent round trip, " + active + " agents running", median, "ms")
                            .against("none running", none));
                }
                out.add(Figure.of("active jobs", "job_status, no ids, " + active + " agents running", Figure.median(status), "ms"));
            }
            for (String id : sleeping) {
                h.call("cancel_job", Map.of("job_id", id));
            }
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void awaitRunning(ServerHarness h, List<String> ids) throws InterruptedException {
        if (ids.isEmpty()) {
            return;
        }
        for (int i = 0; i < 600; i++) {
            var r = h.call("job_status", Map.of("job_ids", ids));
            List<Map<String, Object>> jobs = (List<Map<String, Object>>) ServerHarness.structured(r).get("jobs");
            if (jobs.stream().allMatch(j -> "running".equals(j.get("status")))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the sleeping agents did not all start");
    }
}
