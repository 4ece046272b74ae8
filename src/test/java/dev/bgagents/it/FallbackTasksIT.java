package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ModernProtocolIT.meta;
import static dev.bgagents.it.ModernProtocolIT.params;
import static org.junit.jupiter.api.Assertions.*;

/**
 * MCP tasks whose job falls back: claude's stand-in is rate limited, its task goes on as a
 * "backup" job under another id, and the task — named by the first id — follows the chain in
 * both eras exactly as job_status, read_summary and cancel_job do: working while the chain
 * runs, its end and summary the last job's, a cancel stopping the job that runs now.
 */
class FallbackTasksIT {
    private static final String LEGACY = "2025-11-25";

    @Test
    void aTaskOfProtocol20251125FollowsItsChainAndItsCancelStopsTheFallback(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").withProviders(FallbackIT.BACKUP); RawMcpClient c = h.startRaw()) {
            c.initialize(LEGACY);
            String id = legacyTask(c, "MODE:ratelimited MODE:sleep=4");
            String backup = awaitBackupRunning(c, id, Map.of());

            JsonNode working = c.request("tasks/get", Map.of("taskId", id)).path("result");
            assertEquals(id, working.path("taskId").asText(), working.toString());
            assertEquals("working", working.path("status").asText(), "job_status says " + backup + " runs: " + working);
            assertEquals(1000, working.path("pollInterval").asInt(), working.toString());

            long asked = System.nanoTime();
            JsonNode result = c.request("tasks/result", Map.of("taskId", id));
            long waitedMs = (System.nanoTime() - asked) / 1_000_000;
            assertTrue(waitedMs > 1000, "tasks/result waits for the chain's end, answered after " + waitedMs + " ms: "
                    + result);
            JsonNode r = result.path("result");
            assertFalse(r.path("isError").asBoolean(true), result.toString());
            String summary = r.path("content").get(0).path("text").asText();
            assertTrue(summary.startsWith("Fallback: " + id + " (claude) failed: rate limited"), summary);
            assertTrue(summary.contains("Kept " + backup) && summary.contains("Slept as asked."), summary);
            assertEquals(backup, r.path("structuredContent").path("job_id").asText(), r.toString());
            assertEquals(id, r.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asText());

            JsonNode done = c.request("tasks/get", Map.of("taskId", id)).path("result");
            assertEquals("completed", done.path("status").asText(), done.toString());
            List<JsonNode> pushed = Await.value("the task's end is pushed", Duration.ofSeconds(10),
                    () -> c.notifications("notifications/tasks/status"), n -> !n.isEmpty());
            assertEquals(List.of("completed"), pushed.stream().map(n -> n.path("params").path("status").asText()).toList(),
                    "one status, the chain's: " + pushed);

            String hung = legacyTask(c, "MODE:ratelimited MODE:grandchild");
            String hungBackup = awaitBackupRunning(c, hung, Map.of());
            Await.until(hungBackup + "'s processes run", Duration.ofSeconds(20), () -> !h.survivors().isEmpty());

            JsonNode cancelled = c.request("tasks/cancel", Map.of("taskId", hung));
            assertEquals("cancelled", cancelled.path("result").path("status").asText(), cancelled.toString());
            assertEquals(hung, cancelled.path("result").path("taskId").asText(), cancelled.toString());
            assertEquals(List.of(), h.survivors(), "nothing of " + hungBackup + " runs on");
            assertEquals("cancelled", c.request("tasks/get", Map.of("taskId", hung)).path("result").path("status").asText());
            assertEquals("cancelled", chainNow(c, hung, Map.of()).path("status").asText());
            System.out.println("FALLBACK-TASK-2025 " + id + " -> " + backup + ": working, then completed after "
                    + waitedMs + " ms; " + hung + " -> " + hungBackup + " cancelled\n" + summary);
            c.assertOnlyJson();
        }
    }

    @Test
    void aTaskOfProtocol20260728FollowsItsChainAndItsCancelStopsTheFallback(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").withProviders(FallbackIT.BACKUP); RawMcpClient c = h.startRaw()) {
            String id = modernTask(c, "MODE:ratelimited MODE:sleep=4");
            String backup = awaitBackupRunning(c, id, meta(false));
            JsonNode working = modernGet(c, id);
            assertEquals("working", working.path("status").asText(), "job_status says " + backup + " runs: " + working);
            assertEquals(1000, working.path("pollIntervalMs").asInt(), working.toString());
            assertTrue(working.path("result").isMissingNode(), working.toString());

            JsonNode done = Await.value(id + " ends", Duration.ofSeconds(30), () -> modernGet(c, id),
                    t -> !t.path("status").asText().equals("working"));
            assertEquals("completed", done.path("status").asText(), done.toString());
            JsonNode result = done.path("result");
            assertFalse(result.path("isError").asBoolean(true), done.toString());
            String summary = result.path("structuredContent").path("summary").asText();
            assertTrue(summary.startsWith("Fallback: " + id) && summary.contains("Kept " + backup)
                    && summary.contains("Slept as asked."), summary);
            assertEquals("succeeded", chainNow(c, id, meta(false)).path("status").asText());

            String hung = modernTask(c, "MODE:ratelimited MODE:grandchild");
            String hungBackup = awaitBackupRunning(c, hung, meta(false));
            Await.until(hungBackup + "'s processes run", Duration.ofSeconds(20), () -> !h.survivors().isEmpty());
            JsonNode cancel = c.request("tasks/cancel", params(true, "taskId", hung));
            assertEquals("complete", cancel.path("result").path("resultType").asText(), cancel.toString());
            assertEquals(List.of(), h.survivors(), "nothing of " + hungBackup + " runs on");
            assertEquals("cancelled", modernGet(c, hung).path("status").asText());
            assertEquals("cancelled", chainNow(c, hung, meta(false)).path("status").asText());
            System.out.println("FALLBACK-TASK-2026 " + id + " -> " + backup + ": working, then completed; " + hung
                    + " -> " + hungBackup + " cancelled");
            c.assertOnlyJson();
        }
    }

    private static String legacyTask(RawMcpClient c, String prompt) throws Exception {
        JsonNode created = c.request("tools/call", Map.of("name", "spawn_agent", "arguments", spawnArgs(prompt),
                "task", Map.of()));
        return created.path("result").path("task").path("taskId").asText();
    }

    private static String modernTask(RawMcpClient c, String prompt) throws Exception {
        JsonNode created = c.request("tools/call", params(true, "name", "spawn_agent", "arguments", spawnArgs(prompt)));
        assertEquals("task", created.path("result").path("resultType").asText(), created.toString());
        return created.path("result").path("taskId").asText();
    }

    private static Map<String, Object> spawnArgs(String prompt) {
        return Map.of("prompt", prompt, "worktree", false, "fallback", List.of("backup"));
    }

    /** Waits until job_status on the first id shows the backup job running; its id. */
    private static String awaitBackupRunning(RawMcpClient c, String id, Map<String, Object> meta) {
        JsonNode job = Await.value("job_status shows " + id + "'s fallback running", Duration.ofSeconds(30),
                () -> chainNow(c, id, meta), j -> j.path("job_id").asText().startsWith("backup-")
                        && j.path("status").asText().equals("running"));
        return job.path("job_id").asText();
    }

    /** job_status's entry for {@code id}: the chain's job now. */
    private static JsonNode chainNow(RawMcpClient c, String id, Map<String, Object> meta) {
        Map<String, Object> p = new HashMap<>(Map.of("name", "job_status", "arguments", Map.of("job_ids", List.of(id))));
        if (!meta.isEmpty()) {
            p.put("_meta", meta);
        }
        try {
            return c.request("tools/call", p).path("result").path("structuredContent").path("jobs").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode modernGet(RawMcpClient c, String taskId) {
        try {
            return c.request("tasks/get", params(true, "taskId", taskId)).path("result");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
