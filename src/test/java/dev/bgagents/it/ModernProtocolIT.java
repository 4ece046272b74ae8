package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The stateless protocol (2026-07-28) over the real jar, spoken line by line: discovery, calls
 * without any handshake, the tasks extension (a spawn is a task, its end carries the summary),
 * its errors, and the handshake-based protocol served beside it on the same stdin.
 */
class ModernProtocolIT {
    private static final String V = "2026-07-28";

    static Map<String, Object> meta(boolean tasks) {
        Map<String, Object> caps = tasks ? Map.of("extensions", Map.of("io.modelcontextprotocol/tasks", Map.of())) : Map.of();
        return Map.of("io.modelcontextprotocol/protocolVersion", V, "io.modelcontextprotocol/clientCapabilities", caps,
                "io.modelcontextprotocol/clientInfo", Map.of("name", "it", "version", "1"));
    }

    static Map<String, Object> params(boolean tasks, Object... kv) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        p.put("_meta", meta(tasks));
        return p;
    }

    @Test
    void discoveryNamesTheVersionTheCapabilitiesAndTheTasksExtension(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode d = c.request("server/discover", params(false)).path("result");
            assertEquals("complete", d.path("resultType").asText());
            assertEquals(List.of(V), List.of(d.path("supportedVersions").get(0).asText()));
            assertTrue(d.path("capabilities").path("extensions").has("io.modelcontextprotocol/tasks"), d.toString());
            assertTrue(d.path("capabilities").has("tools") && d.path("capabilities").has("prompts"), d.toString());
            assertEquals("bg-agents", d.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText());
            assertTrue(d.path("instructions").asText().contains("spawn_agent"));
            JsonNode tools = c.request("tools/list", params(false)).path("result");
            assertEquals(7, tools.path("tools").size());
            assertEquals("complete", tools.path("resultType").asText());
            assertTrue(tools.path("ttlMs").asLong() > 0 && tools.has("cacheScope"), tools.toString());
            c.assertOnlyJson();
        }
    }

    @Test
    void withoutTheTasksExtensionACallIsAnsweredWholeAndWaitsWork(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode spawned = c.request("tools/call", params(false, "name", "spawn_agent",
                    "arguments", Map.of("prompt", "write modern.txt", "worktree", false))).path("result");
            assertEquals("complete", spawned.path("resultType").asText(), spawned.toString());
            String id = spawned.path("structuredContent").path("job_id").asText();
            assertTrue(spawned.path("structuredContent").path("next").asText().startsWith("job_status"), spawned.toString());
            JsonNode waited = c.request("tools/call", params(false, "name", "job_status",
                    "arguments", Map.of("job_ids", List.of(id), "wait", "all"))).path("result");
            assertEquals("succeeded", waited.path("structuredContent").path("jobs").get(0).path("status").asText());
            JsonNode summary = c.request("tools/call", params(false, "name", "read_summary",
                    "arguments", Map.of("job_id", id))).path("result");
            assertTrue(summary.path("structuredContent").path("summary").asText().contains("Final message"), summary.toString());
            assertTrue(Files.exists(dir.resolve("modern.txt")));
            // a mistake is still a tool answer, not a protocol error
            JsonNode bad = c.request("tools/call", params(false, "name", "read_summary",
                    "arguments", Map.of("job_id", "nope"))).path("result");
            assertTrue(bad.path("isError").asBoolean() && bad.toString().contains("malformed job id"), bad.toString());
        }
    }

    @Test
    void withTheTasksExtensionASpawnIsATaskWhoseEndCarriesTheSummary(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode task = c.request("tools/call", params(true, "name", "spawn_agent",
                    "arguments", Map.of("prompt", "MODE:sleep=2", "worktree", false))).path("result");
            assertEquals("task", task.path("resultType").asText(), task.toString());
            assertEquals("working", task.path("status").asText());
            assertTrue(task.path("pollIntervalMs").asLong() <= 2000, "the host hears of an end within ~2 s");
            String id = task.path("taskId").asText();
            JsonNode done = Await.value(id + " completes", Duration.ofSeconds(30), () -> get(c, id),
                    t -> !t.path("status").asText().equals("working"));
            assertEquals("completed", done.path("status").asText(), done.toString());
            assertEquals("complete", done.path("resultType").asText());
            JsonNode result = done.path("result");
            assertFalse(result.path("isError").asBoolean());
            assertTrue(result.path("structuredContent").path("summary").asText().contains("Slept as asked."), done.toString());

            JsonNode failing = c.request("tools/call", params(true, "name", "spawn_agent",
                    "arguments", Map.of("prompt", "MODE:crash", "worktree", false))).path("result");
            JsonNode failed = Await.value("the crash is reported", Duration.ofSeconds(30),
                    () -> get(c, failing.path("taskId").asText()), t -> !t.path("status").asText().equals("working"));
            assertTrue(failed.path("result").path("isError").asBoolean(), "a failed job is a call that failed: " + failed);
            assertTrue(failed.path("result").path("structuredContent").path("summary").asText().contains("Reason:"), failed.toString());

            JsonNode long_ = c.request("tools/call", params(true, "name", "spawn_agent",
                    "arguments", Map.of("prompt", "MODE:hang", "worktree", false))).path("result");
            String hung = long_.path("taskId").asText();
            assertEquals("complete", c.request("tasks/cancel", params(true, "taskId", hung)).path("result")
                    .path("resultType").asText());
            assertEquals("cancelled", get(c, hung).path("status").asText());
            assertEquals(List.of(), h.survivors());

            JsonNode unknown = c.request("tasks/get", params(true, "taskId", "claude-000000"));
            assertEquals(-32602, unknown.path("error").path("code").asInt(), unknown.toString());
            c.assertOnlyJson();
        }
    }

    @Test
    void aPlanRunIsOneTaskThatEndsWithThePlansSummary(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode plan = c.request("tools/call", params(true, "name", "decompose_plan", "arguments",
                    Map.of("plan", "# Greeting\n\n## Tasks\n\n1. write a.txt\n2. write b.txt\n"))).path("result");
            String session = plan.path("structuredContent").path("session").asText();
            JsonNode task = c.request("tools/call", params(true, "name", "spawn_agent", "arguments",
                    Map.of("session", session))).path("result");
            assertEquals("task", task.path("resultType").asText(), task.toString());
            assertEquals("plan:" + session, task.path("taskId").asText());
            JsonNode done = Await.value("the plan ends", Duration.ofSeconds(40), () -> get(c, "plan:" + session),
                    t -> !t.path("status").asText().equals("working"));
            assertEquals("completed", done.path("status").asText());
            assertTrue(done.path("result").path("structuredContent").path("summary").asText().contains("2 succeeded"),
                    done.toString());
        }
    }

    @Test
    void mistakesOfTheProtocolAreErrorsAndBothErasShareOneStdin(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode wrongVersion = c.request("tools/list", Map.of("_meta", Map.of(
                    "io.modelcontextprotocol/protocolVersion", "1900-01-01", "io.modelcontextprotocol/clientCapabilities", Map.of())));
            assertEquals(-32022, wrongVersion.path("error").path("code").asInt(), wrongVersion.toString());
            assertEquals(V, wrongVersion.path("error").path("data").path("supported").get(0).asText());
            JsonNode noCaps = c.request("tools/list", Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", V)));
            assertEquals(-32602, noCaps.path("error").path("code").asInt(), noCaps.toString());
            JsonNode beforeHandshake = c.request("tools/list", Map.of());
            assertEquals(-32600, beforeHandshake.path("error").path("code").asInt(), beforeHandshake.toString());
            assertTrue(beforeHandshake.path("error").path("message").asText().contains("initialize"));
            JsonNode unknown = c.request("no/such", params(false));
            assertEquals(-32601, unknown.path("error").path("code").asInt());
            // the handshake-based protocol on the same stdin, then the stateless one again
            JsonNode init = c.initialize("2025-11-25");
            assertEquals("2025-11-25", init.path("protocolVersion").asText());
            assertEquals(7, c.request("tools/list", Map.of()).path("result").path("tools").size());
            assertEquals("complete", c.request("tools/list", params(false)).path("result").path("resultType").asText());
            assertTrue(c.request("prompts/list", Map.of()).path("result").path("prompts").size() >= 3);
            c.assertOnlyJson();
        }
    }

    private static JsonNode get(RawMcpClient c, String taskId) {
        try {
            return c.request("tasks/get", params(true, "taskId", taskId)).path("result");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
