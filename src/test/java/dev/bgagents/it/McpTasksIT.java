package dev.bgagents.it;

import dev.bgagents.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MCP tasks (protocol 2025-11-25) over real stdio: a client that speaks tasks can start
 * spawn_agent as a task, poll it, block on its result, list and cancel it — all of it the job
 * store seen through the tasks methods. The SDK's client has no tasks, so these tests speak
 * JSON-RPC line by line.
 */
class McpTasksIT {
    private static final String TASKS_VERSION = "2025-11-25";

    private static Map<String, Object> spawnAsTask(String prompt) {
        return Map.of("name", "spawn_agent", "arguments", Map.of("prompt", prompt, "worktree", false),
                "task", Map.of("ttl", 60_000));
    }

    /** Starts spawn_agent as a task; its task id. */
    private static String startTask(RawMcpClient c, String prompt) throws Exception {
        return c.request("tools/call", spawnAsTask(prompt)).path("result").path("task").path("taskId").asText();
    }

    @Test
    void tasksAreOfferedOnlyToClientsWhoseProtocolHasThem(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            JsonNode init = c.initialize(TASKS_VERSION);
            assertEquals(TASKS_VERSION, init.path("protocolVersion").asText());
            JsonNode tasks = init.path("capabilities").path("tasks");
            assertTrue(tasks.path("list").isObject(), init.toString());
            assertTrue(tasks.path("cancel").isObject(), init.toString());
            assertTrue(tasks.path("requests").path("tools").path("call").isObject(), init.toString());
            // what was declared before is still there
            assertTrue(init.path("capabilities").path("tools").isObject(), init.toString());
            assertTrue(init.path("capabilities").path("experimental").has("claude/channel"), init.toString());

            Map<String, JsonNode> tools = new java.util.HashMap<>();
            c.request("tools/list", Map.of()).path("result").path("tools").forEach(t -> tools.put(t.path("name").asText(), t));
            assertEquals(7, tools.size());
            assertEquals("optional", tools.get("spawn_agent").path("execution").path("taskSupport").asText());
            assertEquals("optional", tools.get("resume_session").path("execution").path("taskSupport").asText());
            assertTrue(tools.get("job_status").path("execution").isMissingNode(), tools.get("job_status").toString());
            assertTrue(tools.get("spawn_agent").path("inputSchema").path("properties").has("prompt"));
            c.assertOnlyJson();
        }
        Path older = Files.createDirectories(dir.resolve("older-client"));
        try (ServerHarness h = new ServerHarness(older, ""); RawMcpClient c = h.startRaw()) {
            JsonNode init = c.initialize("2025-06-18");
            assertEquals("2025-06-18", init.path("protocolVersion").asText());
            assertTrue(init.path("capabilities").path("tasks").isMissingNode(), init.toString());
            c.request("tools/list", Map.of()).path("result").path("tools")
                    .forEach(t -> assertTrue(t.path("execution").isMissingNode(), t.toString()));
            // without the capability a task field is ignored: the call runs as a plain call
            JsonNode plain = c.request("tools/call", spawnAsTask("MODE:crash")).path("result");
            assertFalse(plain.path("isError").asBoolean(), plain.toString());
            assertTrue(plain.path("structuredContent").path("job_id").isTextual(), plain.toString());
            assertTrue(plain.path("task").isMissingNode(), plain.toString());
            assertEquals(-32601, c.request("tasks/list", Map.of()).path("error").path("code").asInt());
        }
    }

    @Test
    void spawnAsATaskIsPolledAwaitedAndListedAsItsJob(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize(TASKS_VERSION);
            long asked = System.nanoTime();
            JsonNode created = c.request("tools/call", spawnAsTask("MODE:sleep=2")).path("result");
            long answeredMs = (System.nanoTime() - asked) / 1_000_000;
            JsonNode task = created.path("task");
            String id = task.path("taskId").asText();
            assertTrue(id.matches("claude-[0-9a-f]{6}"), created.toString());
            assertEquals("working", task.path("status").asText());
            assertTrue(task.has("ttl") && task.get("ttl").isNull(), "jobs are kept: no ttl, " + task);
            assertEquals(1000, task.path("pollInterval").asInt(), "polled as often as in the 2026-07-28 era");
            Instant createdAt = Instant.parse(task.path("createdAt").asText());
            Instant.parse(task.path("lastUpdatedAt").asText());
            assertTrue(created.path("content").isMissingNode(), "a task answer is not the tool result: " + created);
            String immediate = created.path("_meta").path("io.modelcontextprotocol/model-immediate-response").asText();
            assertTrue(immediate.contains(id), created.toString());
            assertTrue(answeredMs < 2000, "the task is answered before the job ends, took " + answeredMs + " ms");
            assertTrue(Files.isDirectory(h.jobDir(id)), "the task is a job on record");

            JsonNode polled = c.request("tasks/get", Map.of("taskId", id)).path("result");
            assertEquals(id, polled.path("taskId").asText());
            assertEquals("working", polled.path("status").asText(), polled.toString());
            assertTrue(polled.path("statusMessage").asText().startsWith(id + " "), polled.toString());

            long waitStart = System.nanoTime();
            JsonNode result = c.request("tasks/result", Map.of("taskId", id)).path("result");
            long waitedMs = (System.nanoTime() - waitStart) / 1_000_000;
            assertTrue(waitedMs > 800, "tasks/result blocks until the job ends, returned after " + waitedMs + " ms");
            assertFalse(result.path("isError").asBoolean(), result.toString());
            String summary = result.path("content").get(0).path("text").asText();
            assertTrue(summary.contains("succeeded"), summary);
            assertEquals(id, result.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asText());
            assertEquals("succeeded", result.path("structuredContent").path("status").asText());

            JsonNode done = c.request("tasks/get", Map.of("taskId", id)).path("result");
            assertEquals("completed", done.path("status").asText(), done.toString());
            assertFalse(Instant.parse(done.path("lastUpdatedAt").asText()).isBefore(createdAt));
            assertEquals(createdAt, Instant.parse(done.path("createdAt").asText()));

            // the same job through the tools: job_status agrees, and the summary counts as read
            JsonNode status = c.request("tools/call", Map.of("name", "job_status",
                    "arguments", Map.of("job_ids", List.of(id)))).path("result");
            assertEquals("succeeded", status.path("structuredContent").path("jobs").get(0).path("status").asText());

            JsonNode listed = c.request("tasks/list", Map.of()).path("result");
            assertEquals(1, listed.path("tasks").size(), listed.toString());
            assertEquals(id, listed.path("tasks").get(0).path("taskId").asText());
            assertEquals("completed", listed.path("tasks").get(0).path("status").asText());
            assertTrue(listed.path("nextCursor").isMissingNode(), listed.toString());

            List<JsonNode> pushed = awaitNotifications(c, "notifications/tasks/status", 1);
            JsonNode last = pushed.get(pushed.size() - 1).path("params");
            assertEquals(id, last.path("taskId").asText());
            assertEquals("completed", last.path("status").asText());
            c.assertOnlyJson();
        }
    }

    @Test
    void aFailedJobIsAFailedTaskWhoseResultIsItsSummary(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize(TASKS_VERSION);
            String id = startTask(c, "MODE:crash");
            JsonNode result = c.request("tasks/result", Map.of("taskId", id)).path("result");
            assertTrue(result.path("isError").asBoolean(), result.toString());
            String summary = result.path("content").get(0).path("text").asText();
            assertTrue(summary.contains("failed"), summary);
            assertTrue(summary.contains("exited 3") && summary.contains("crashed on purpose"), summary);
            JsonNode got = c.request("tasks/get", Map.of("taskId", id)).path("result");
            assertEquals("failed", got.path("status").asText());
            assertTrue(got.path("pollInterval").isMissingNode(), "an ended task needs no polling: " + got);

            // the fix is a resume of the same agent session, itself a task
            JsonNode resumed = c.request("tools/call", Map.of("name", "resume_session", "arguments",
                    Map.of("job_id", id, "prompt", "MODE:sleep=1"), "task", Map.of())).path("result");
            String next = resumed.path("task").path("taskId").asText();
            assertTrue(next.startsWith("claude-") && !next.equals(id), resumed.toString());
            JsonNode fixed = c.request("tasks/result", Map.of("taskId", next)).path("result");
            assertFalse(fixed.path("isError").asBoolean(), fixed.toString());
            assertEquals("completed", c.request("tasks/get", Map.of("taskId", next)).path("result")
                    .path("status").asText());
        }
    }

    @Test
    void cancellingATaskStopsTheJobAndEveryProcessItStarted(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize(TASKS_VERSION);
            String id = startTask(c, "MODE:grandchild");
            awaitStatusLine(c, id, "running");
            assertFalse(h.survivors().isEmpty(), "the agent and its grandchildren run");
            CompletableFuture<JsonNode> waiting = c.requestAsync("tasks/result", Map.of("taskId", id));

            JsonNode cancelled = c.request("tasks/cancel", Map.of("taskId", id)).path("result");
            assertEquals("cancelled", cancelled.path("status").asText(), cancelled.toString());
            assertEquals(id, cancelled.path("taskId").asText());
            assertEquals(List.of(), h.survivors(), "cancel kills the whole process group, and what left it");

            JsonNode result = waiting.get(30, TimeUnit.SECONDS).path("result");
            assertTrue(result.path("content").get(0).path("text").asText().contains("cancelled"), result.toString());
            assertEquals("cancelled", c.request("tasks/get", Map.of("taskId", id)).path("result").path("status").asText());

            JsonNode again = c.request("tasks/cancel", Map.of("taskId", id)).path("error");
            assertEquals(-32602, again.path("code").asInt(), again.toString());
            assertTrue(again.path("message").asText().contains("already ended"), again.toString());
        }
    }

    @Test
    void badTaskRequestsGetOneLineErrorsAndChangeNothing(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize(TASKS_VERSION);
            List<JsonNode> errors = new ArrayList<>();
            errors.add(c.request("tasks/get", Map.of("taskId", "claude-000000")).path("error"));
            errors.add(c.request("tasks/result", Map.of("taskId", "../../etc")).path("error"));
            errors.add(c.request("tasks/cancel", Map.of()).path("error"));
            errors.add(c.request("tasks/list", Map.of("cursor", "not-a-cursor")).path("error"));
            errors.add(c.request("tools/call", Map.of("name", "spawn_agent", "arguments", Map.of("worktree", false),
                    "task", Map.of())).path("error"));
            errors.add(c.request("tools/call", Map.of("name", "spawn_agent",
                    "arguments", Map.of("session", "20260101-000000_x"), "task", Map.of())).path("error"));
            for (JsonNode e : errors) {
                assertEquals(-32602, e.path("code").asInt(), e.toString());
                String message = e.path("message").asText();
                assertFalse(message.isBlank() || message.contains("\n") || message.length() > 300, message);
            }
            assertTrue(errors.get(0).path("message").asText().contains("claude-000000"));
            assertTrue(errors.get(4).path("message").asText().contains("prompt"), errors.get(4).toString());
            JsonNode forbidden = c.request("tools/call", Map.of("name", "job_status", "arguments", Map.of(),
                    "task", Map.of())).path("error");
            assertEquals(-32601, forbidden.path("code").asInt(), forbidden.toString());

            assertEquals(0, c.request("tasks/list", Map.of()).path("result").path("tasks").size(),
                    "no bad request created a job");
            Path jobs = dir.resolve(".context").resolve("jobs");
            try (var files = Files.list(jobs)) {
                assertEquals(List.of(), files.filter(Files::isDirectory).toList());
            } catch (java.nio.file.NoSuchFileException none) {
                // nothing was ever recorded
            }
            // the server is still fine for plain calls
            JsonNode ok = c.request("tools/call", Map.of("name", "job_status", "arguments", Map.of())).path("result");
            assertFalse(ok.path("isError").asBoolean(), ok.toString());
            c.assertOnlyJson();
        }
    }

    @Test
    void aTaskOutlivesTheServerThatStartedIt(@TempDir Path dir) throws Exception {
        String id;
        try (ServerHarness h = new ServerHarness(dir, "")) {
            try (RawMcpClient c = h.startRaw()) {
                c.initialize(TASKS_VERSION);
                id = startTask(c, "MODE:sleep=3");
            }
            try (RawMcpClient c = h.startRaw()) {
                c.initialize(TASKS_VERSION);
                JsonNode result = c.request("tasks/result", Map.of("taskId", id)).path("result");
                assertFalse(result.path("isError").asBoolean(), result.toString());
                assertEquals("completed", c.request("tasks/get", Map.of("taskId", id)).path("result")
                        .path("status").asText());
            }
        }
    }

    @Test
    void everyJobIsATaskAndTasksListPagesThroughThemAll(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize(TASKS_VERSION);
            List<String> spawned = new ArrayList<>();
            for (int i = 0; i < 55; i++) {
                // plain calls, not tasks: a job started either way is a task
                spawned.add(c.request("tools/call", Map.of("name", "spawn_agent", "arguments",
                        Map.of("prompt", "MODE:crash", "worktree", false))).path("result").path("structuredContent")
                        .path("job_id").asText());
            }
            JsonNode first = c.request("tasks/list", Map.of()).path("result");
            assertEquals(50, first.path("tasks").size());
            String cursor = first.path("nextCursor").asText();
            assertFalse(cursor.isBlank(), first.path("nextCursor").toString());
            JsonNode second = c.request("tasks/list", Map.of("cursor", cursor)).path("result");
            assertEquals(5, second.path("tasks").size());
            assertTrue(second.path("nextCursor").isMissingNode(), "the last page has no cursor");
            List<String> listed = new ArrayList<>();
            first.path("tasks").forEach(t -> listed.add(t.path("taskId").asText()));
            second.path("tasks").forEach(t -> listed.add(t.path("taskId").asText()));
            assertEquals(spawned, listed, "every job once, oldest first");
        }
    }

    private static void awaitStatusLine(RawMcpClient c, String id, String status) throws Exception {
        Await.value(id + " shows " + status, Duration.ofSeconds(20), () -> {
            try {
                return c.request("tasks/get", Map.of("taskId", id)).path("result").path("statusMessage").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, line -> line.startsWith(id + " " + status));
    }

    private static List<JsonNode> awaitNotifications(RawMcpClient c, String method, int count) throws Exception {
        return Await.value(count + " " + method + " notifications", Duration.ofSeconds(10), () -> c.notifications(method),
                got -> got.size() >= count);
    }
}
