package dev.bgagents.bench;

import dev.bgagents.it.ServerHarness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans of 10, 50 and 200 tasks, shaped like a web feature (blocks of ten in waves of 4, 1, 3,
 * 1, 1), with the stand-in agent, printed, never asserted: decompose_plan's time and its answer's
 * size; the whole plan from spawn_agent to its last task's end, against the same number of
 * independent jobs spawned one by one under the same cap (what the dependencies and the
 * branches they hand on cost); and the hand-off, a dependency's end to its dependent's start,
 * worktree made on the dependencies' branches included. Usage: bench/plans.sh [runs]
 */
public final class PlanBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 6;

    private PlanBench() {
    }

    /** task number within a block of ten → the tasks of the block it depends on. */
    private static final Map<Integer, List<Integer>> DEPS = Map.of(1, List.of(), 2, List.of(1), 3, List.of(2),
            4, List.of(2), 5, List.of(2), 6, List.of(3, 4, 5), 7, List.of(), 8, List.of(), 9, List.of(6), 10, List.of());

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        BenchTable.print("plans, stand-in agent", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        double decompose10 = 0;
        for (int n : List.of(10, 50, 200)) {
            // one plan takes at most 50 tasks (decompose_plan says to split a larger one): 200 are four plans
            int plans = (n + 49) / 50;
            Path dir = Files.createTempDirectory("bg-plans-");
            try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": " + CAP).start()) {
                List<Double> decompose = new ArrayList<>();
                List<String> sessions = new ArrayList<>();
                int answer = 0;
                for (int i = 0; i < runs; i++) {
                    sessions.clear();
                    answer = 0;
                    double ms = 0;
                    for (int k = 0; k < plans; k++) {
                        long t0 = System.nanoTime();
                        McpSchema.CallToolResult dec = h.call("decompose_plan", Map.of("plan",
                                plan(Math.min(n, 50), "Bench feature " + (k + 1))));
                        ms += (System.nanoTime() - t0) / 1e6;
                        Object session = ServerHarness.structured(dec).get("session");
                        if (session == null) {
                            throw new IllegalStateException(ServerHarness.text(dec));
                        }
                        sessions.add((String) session);
                        answer += JSON.writeValueAsString(dec.structuredContent()).length();
                    }
                    decompose.add(ms);
                }
                double d = Figure.median(decompose);
                if (n == 10) {
                    decompose10 = d;
                }
                String shape = n + " tasks" + (plans > 1 ? " (" + plans + " plans of 50)" : "");
                Figure dec = Figure.of("plans", shape + ": decompose_plan (answer " + String.format("%,d", answer)
                        + " chars structured)", d, "ms");
                out.add(n == 10 ? dec : dec.against("10 tasks", decompose10));

                long t1 = System.nanoTime();
                Map<String, String> byTask = new HashMap<>();
                for (int k = 0; k < plans; k++) {
                    McpSchema.CallToolResult spawn = h.call("spawn_agent", Map.of("session", sessions.get(k)));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> jobs = (List<Map<String, Object>>) ServerHarness.structured(spawn).get("jobs");
                    int offset = k * 50;
                    jobs.forEach(j -> byTask.put(String.valueOf(offset + Integer.parseInt((String) j.get("task_id"))),
                            (String) j.get("job_id")));
                }
                awaitAll(h, new ArrayList<>(byTask.values()));
                double planMs = (System.nanoTime() - t1) / 1e6;
                int succeeded = 0;
                List<Long> handoffs = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    JsonNode job = record(h, byTask.get(String.valueOf(i)));
                    succeeded += job.get("state").get("status").asText().equals("succeeded") ? 1 : 0;
                    int block = (i - 1) / 10 * 10;
                    List<Integer> deps = DEPS.get((i - 1) % 10 + 1);
                    if (deps.isEmpty()) {
                        continue;
                    }
                    Instant lastDep = Instant.MIN;
                    for (int dep : deps) {
                        Instant end = Instant.parse(record(h, byTask.get(String.valueOf(block + dep)))
                                .get("state").get("ended_at").asText());
                        lastDep = end.isAfter(lastDep) ? end : lastDep;
                    }
                    handoffs.add(Duration.between(lastDep, Instant.parse(job.get("state").get("started_at").asText()))
                            .toMillis());
                }

                // the baseline: as many independent jobs, each in its worktree, spawned one by one
                long t2 = System.nanoTime();
                List<String> plainIds = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    plainIds.add(h.spawn("write g" + i + ".txt", Map.of("worktree", true)));
                }
                awaitAll(h, plainIds);
                double plainMs = (System.nanoTime() - t2) / 1e6;
                out.add(Figure.of("plans", shape + ": whole plan, spawn to last end (" + succeeded + "/" + n
                        + " succeeded)", planMs, "ms").against(n + " independent jobs, same cap", plainMs));
                out.add(Figure.of("plans", n + " tasks: hand-off, dependency end → dependent start",
                        Figure.median(handoffs), "ms"));
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
        return out;
    }

    private static JsonNode record(ServerHarness h, String id) throws java.io.IOException {
        return JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
    }

    private static void awaitAll(ServerHarness h, List<String> ids) {
        for (int waits = 0; waits < 100; waits++) {
            McpSchema.CallToolResult w = h.call("job_status", Map.of("job_ids", ids, "wait", "all",
                    "timeout_seconds", 600));
            if (Boolean.TRUE.equals(ServerHarness.structured(w).get("condition_met"))) {
                return;
            }
        }
        throw new IllegalStateException("the jobs did not end");
    }

    /** {@code n} tasks in blocks of ten; each task writes its file, requiring its dependencies' files. */
    static String plan(int n, String feature) {
        StringBuilder plan = new StringBuilder("# " + feature + "\n\n## Tasks\n\n");
        for (int i = 1; i <= n; i++) {
            int block = (i - 1) / 10 * 10;
            List<Integer> deps = DEPS.get((i - 1) % 10 + 1).stream().map(d -> block + d).toList();
            plan.append(i).append(". **Step ").append(i).append("**: write f").append(i).append(".txt");
            for (int d : deps) {
                plan.append(" REQUIRE:f").append(d).append(".txt");
            }
            plan.append("\n   Provider: claude\n   Depends on: ")
                    .append(deps.isEmpty() ? "none" : String.join(", ", deps.stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        return plan.toString();
    }
}
