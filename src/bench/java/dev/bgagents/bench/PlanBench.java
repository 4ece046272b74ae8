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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ten-task plan shaped like a web feature (waves of 4, 1, 3, 1, 1), run end to end with the
 * stand-in agent: what decompose_plan and spawn_agent cost the host, how long the whole plan
 * takes, and the hand-off — a dependency's end to its dependent's start, worktree made on the
 * dependencies' branches included. Printed, never asserted. Usage: bench/plans.sh
 */
public final class PlanBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanBench() {
    }

    /** task number → the tasks it depends on, as in the ten-task billing fixture. */
    private static final Map<Integer, List<Integer>> DEPS = Map.of(1, List.of(), 2, List.of(1), 3, List.of(2),
            4, List.of(2), 5, List.of(2), 6, List.of(3, 4, 5), 7, List.of(), 8, List.of(), 9, List.of(6), 10, List.of());

    public static void main(String[] args) throws Exception {
        StringBuilder plan = new StringBuilder("# Bench feature\n\n## Tasks\n\n");
        for (int i = 1; i <= 10; i++) {
            plan.append(i).append(". **Step ").append(i).append("**: write f").append(i).append(".txt");
            for (int d : DEPS.get(i)) {
                plan.append(" REQUIRE:f").append(d).append(".txt");
            }
            plan.append("\n   Provider: claude\n   Depends on: ")
                    .append(DEPS.get(i).isEmpty() ? "none" : String.join(", ", DEPS.get(i).stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        Path dir = Files.createTempDirectory("bg-plans-");
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            long t0 = System.nanoTime();
            McpSchema.CallToolResult dec = h.call("decompose_plan", Map.of("plan", plan.toString()));
            long decMs = (System.nanoTime() - t0) / 1_000_000;
            String session = (String) ServerHarness.structured(dec).get("session");
            long t1 = System.nanoTime();
            McpSchema.CallToolResult spawn = h.call("spawn_agent", Map.of("session", session));
            long spawnMs = (System.nanoTime() - t1) / 1_000_000;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> jobs = (List<Map<String, Object>>) ServerHarness.structured(spawn).get("jobs");
            Map<String, String> byTask = new HashMap<>();
            jobs.forEach(j -> byTask.put((String) j.get("task_id"), (String) j.get("job_id")));
            int waits = 0;
            int waitChars = 0;
            boolean done = false;
            while (!done && waits < 30) {
                McpSchema.CallToolResult w = h.call("job_status", Map.of("job_ids", new ArrayList<>(byTask.values()),
                        "wait", "all"));
                waits++;
                waitChars += ServerHarness.text(w).length();
                done = Boolean.TRUE.equals(ServerHarness.structured(w).get("condition_met"));
            }
            long wallMs = (System.nanoTime() - t1) / 1_000_000;
            List<Long> handoffs = new ArrayList<>();
            int succeeded = 0;
            for (int i = 1; i <= 10; i++) {
                JsonNode job = JSON.readTree(h.jobDir(byTask.get(String.valueOf(i))).resolve("job.json").toFile());
                succeeded += job.get("state").get("status").asText().equals("succeeded") ? 1 : 0;
                if (DEPS.get(i).isEmpty()) {
                    continue;
                }
                Instant lastDep = Instant.MIN;
                for (int d : DEPS.get(i)) {
                    JsonNode dj = JSON.readTree(h.jobDir(byTask.get(String.valueOf(d))).resolve("job.json").toFile());
                    Instant end = Instant.parse(dj.get("state").get("ended_at").asText());
                    lastDep = end.isAfter(lastDep) ? end : lastDep;
                }
                handoffs.add(Duration.between(lastDep, Instant.parse(job.get("state").get("started_at").asText())).toMillis());
            }
            Collections.sort(handoffs);
            String summary = Files.readString(dir.resolve(".context/impl").resolve(session).resolve("summary.md"));
            System.out.println("bg-agents plan benchmark: 10 tasks in 5 waves (4,1,3,1,1), stand-in agent, 2-core machine");
            System.out.printf("  decompose_plan   %5d ms  %5d chars text  %5d chars structured%n", decMs,
                    ServerHarness.text(dec).length(), JSON.writeValueAsString(dec.structuredContent()).length());
            System.out.printf("  spawn_agent plan %5d ms  %5d chars text  %5d chars structured%n", spawnMs,
                    ServerHarness.text(spawn).length(), JSON.writeValueAsString(spawn.structuredContent()).length());
            System.out.printf("  job_status waits %5d calls, %d chars text in all%n", waits, waitChars);
            System.out.printf("  whole plan: %d of 10 succeeded in %d ms (spawn to last end)%n", succeeded, wallMs);
            System.out.printf("  hand-off (last dependency ended -> dependent started, worktree made on their "
                    + "branches): median %d ms, max %d ms over %d dependents%n", handoffs.get(handoffs.size() / 2),
                    handoffs.get(handoffs.size() - 1), handoffs.size());
            System.out.println("  plan summary.md: " + summary.length() + " chars; " + summary.lines()
                    .filter(l -> l.contains(" tasks in ")).findFirst().orElse(""));
        }
    }
}
