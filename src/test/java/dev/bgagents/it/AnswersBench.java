package dev.bgagents.it;

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
 * the summary. Usage: bench/answers.sh
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
