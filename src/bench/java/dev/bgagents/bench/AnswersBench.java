package dev.bgagents.bench;

import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.RawMcpClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the host pays, printed, never asserted: the characters of each answer of one round trip
 * (spawn_agent, one job_status wait, read_summary) for a job whose agent prints 20 MB and ends
 * with a 200 kB report, and for a normal job; tokens at 4 characters each; raw output against
 * the summary; then the same round trip made as an MCP task. Usage: bench/answers.sh
 */
public final class AnswersBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswersBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bg-answers-");
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            System.out.println("bg-agents answer sizes (characters of text content; structuredContent JSON beside it)");
            measure(h, "20 MB output + 200 kB report", "MODE:bigjob");
            measure(h, "normal job (writes one file)", "write hello.txt");
        }
        Path tasksDir = Files.createTempDirectory("bg-answers-tasks-");
        try (ServerHarness h = new ServerHarness(tasksDir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize("2025-11-25");
            System.out.println("the same round trip as an MCP task (tools/call with task, tasks/get, tasks/result);"
                    + " whole JSON-RPC results");
            measureTask(h, c, "20 MB output + 200 kB report", "MODE:bigjob");
            measureTask(h, c, "normal job (writes one file)", "write hello.txt");
        }
    }

    private static void measureTask(ServerHarness h, RawMcpClient c, String label, String prompt) throws Exception {
        var created = c.request("tools/call", Map.of("name", "spawn_agent", "task", Map.of(),
                "arguments", Map.of("prompt", prompt, "worktree", false))).path("result");
        String id = created.path("task").path("taskId").asText();
        var polled = c.request("tasks/get", Map.of("taskId", id)).path("result");
        var result = c.request("tasks/result", Map.of("taskId", id)).path("result");
        System.out.println("  " + label + " (" + id + ")");
        int total = 0;
        for (var e : List.of(Map.entry("create task", created), Map.entry("tasks/get", polled),
                Map.entry("tasks/result", result))) {
            int chars = e.getValue().toString().length();
            total += chars;
            System.out.printf("    %-16s %6d chars%n", e.getKey(), chars);
        }
        int modelSees = created.path("_meta").path("io.modelcontextprotocol/model-immediate-response").asText().length()
                + result.path("content").get(0).path("text").asText().length();
        System.out.printf("    round trip: %d chars JSON = %d tokens; text for the model %d chars = %d tokens%n",
                total, (total + 3) / 4, modelSees, (modelSees + 3) / 4);
    }

    private static void measure(ServerHarness h, String label, String prompt) throws Exception {
        McpSchema.CallToolResult spawn = h.call("spawn_agent", Map.of("prompt", prompt, "worktree", false));
        String id = (String) ServerHarness.structured(spawn).get("job_id");
        McpSchema.CallToolResult wait = null;
        for (int i = 0; i < 5; i++) {
            wait = h.call("job_status", Map.of("job_ids", List.of(id), "wait", "any"));
            if (Boolean.TRUE.equals(ServerHarness.structured(wait).get("condition_met"))) {
                break;
            }
        }
        McpSchema.CallToolResult summary = h.call("read_summary", Map.of("job_id", id));
        int total = 0;
        System.out.println("  " + label + " (" + id + ")");
        for (var e : List.of(Map.entry("spawn_agent", spawn), Map.entry("job_status wait", wait),
                Map.entry("read_summary", summary))) {
            int text = ServerHarness.text(e.getValue()).length();
            int structured = JSON.writeValueAsString(e.getValue().structuredContent()).length();
            total += text;
            System.out.printf("    %-16s %6d chars text  %6d chars structured%n", e.getKey(), text, structured);
        }
        long raw = Files.size(h.jobDir(id).resolve("stdout.log")) + Files.size(h.jobDir(id).resolve("stderr.log"));
        int summaryChars = ServerHarness.text(summary).length();
        System.out.printf("    round trip: %d chars = %d tokens (text); raw output %,d bytes; raw/summary %,.0fx%n",
                total, (total + 3) / 4, raw, (double) raw / summaryChars);
    }
}
