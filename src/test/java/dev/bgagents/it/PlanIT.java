package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decompose_plan and plans run by spawn_agent, wave by wave, with the stand-in agent, on real repositories. */
class PlanIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LAYERED = """
            # Greeting feature

            The greeting is built in layers.

            ## Tasks

            1. **Base file**: write base.txt
               Provider: claude
            2. **Second layer**: REQUIRE:base.txt write layer.txt
               Depends on: 1
               Provider: claude
            3. **Independent notes**: write notes.txt
               Provider: claude
            """;

    private static Map<String, Object> decompose(ServerHarness h, Map<String, Object> args) {
        McpSchema.CallToolResult r = h.call("decompose_plan", args);
        assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
        return structured(r);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitAll(ServerHarness h, List<String> ids) {
        for (int i = 0; i < 20; i++) {
            var r = h.call("job_status", Map.of("job_ids", ids, "wait", "all"));
            List<Map<String, Object>> jobs = (List<Map<String, Object>>) structured(r).get("jobs");
            if (jobs.stream().noneMatch(j -> List.of("queued", "running").contains(j.get("status")))) {
                return jobs;
            }
        }
        throw new AssertionError("plan jobs did not end");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> jobsByTask(McpSchema.CallToolResult spawned) {
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> j : (List<Map<String, Object>>) structured(spawned).get("jobs")) {
            out.put((String) j.get("task_id"), (String) j.get("job_id"));
        }
        return out;
    }

    private static JsonNode job(ServerHarness h, String id) throws IOException {
        return JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
    }

    private static JsonNode status(Path project, String session) throws IOException {
        return JSON.readTree(project.resolve(".context/impl").resolve(session).resolve("status.json").toFile());
    }

    @Test
    void oneCallRunsThePlanWaveByWaveAndTheSecondWaveBuildsOnTheFirst(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            var dec = h.call("decompose_plan", Map.of("plan", LAYERED));
            assertFalse(Boolean.TRUE.equals(dec.isError()), text(dec));
            Map<String, Object> plan = structured(dec);
            String session = (String) plan.get("session");
            assertTrue(session.matches("\\d{8}-\\d{6}_greeting-feature"), session);
            assertEquals(List.of(List.of("1", "3"), List.of("2")), plan.get("waves"));
            assertTrue(text(dec).contains("| 2 | 2 Second layer | claude | 1 |"), text(dec));
            Path sessionDir = dir.resolve(".context/impl").resolve(session);
            String taskFile = Files.readString(sessionDir.resolve("tasks/02-second-layer.md"));
            for (String part : List.of("## Background", "## Goal", "## Files", "## Builds on", "## Constraints",
                    "## Expected output", "## Verify before you finish", "Task 01: Base file")) {
                assertTrue(taskFile.contains(part), part + " missing from the task file:\n" + taskFile);
            }
            assertTrue(Files.isRegularFile(sessionDir.resolve("plan.md")));

            var spawned = h.call("spawn_agent", Map.of("session", session));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            assertTrue(text(spawned).contains("2 started, 1 queued"), text(spawned));
            Map<String, String> byTask = jobsByTask(spawned);
            assertEquals("queued", status(dir, session).get("tasks").get(1).get("status").asText());

            List<Map<String, Object>> ended = awaitAll(h, new ArrayList<>(byTask.values()));
            ended.forEach(j -> assertEquals("succeeded", j.get("status"), j.toString()));

            // wave 2 started only after wave 1 ended, on a worktree holding wave 1's file
            Instant firstEnded = Instant.parse(job(h, byTask.get("1")).get("state").get("ended_at").asText());
            Instant secondStarted = Instant.parse(job(h, byTask.get("2")).get("state").get("started_at").asText());
            assertFalse(secondStarted.isBefore(firstEnded), firstEnded + " vs " + secondStarted);
            JsonNode second = job(h, byTask.get("2")).get("workspace");
            assertEquals("impl/greeting-feature/02-second-layer", second.get("branch").asText());
            Path wt = Path.of(second.get("path").asText());
            assertEquals("hello\n", Files.readString(wt.resolve("base.txt")));
            assertEquals("hello\n", Files.readString(wt.resolve("layer.txt")));
            assertEquals("[\"layer.txt +1 -0\"]", second.get("diffstat").toString(), "its own work only");

            JsonNode st = status(dir, session);
            for (JsonNode t : st.get("tasks")) {
                assertEquals("succeeded", t.get("status").asText(), t.toString());
                assertEquals(byTask.get(t.get("id").asText()), t.get("job_id").asText());
            }
            assertTrue(Files.readString(sessionDir.resolve("02-second-layer-result.md")).contains("succeeded"));
            String summary = Files.readString(sessionDir.resolve("summary.md"));
            assertTrue(summary.contains("3 succeeded") && summary.contains("Every task succeeded"), summary);

            // merging the last wave's branch brings the whole chain into main
            var merged = h.call("merge_worktree", Map.of("job_id", byTask.get("2")));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertTrue(Files.isRegularFile(dir.resolve("base.txt")) && Files.isRegularFile(dir.resolve("layer.txt")));

            var again = h.call("spawn_agent", Map.of("session", session));
            assertTrue(Boolean.TRUE.equals(again.isError()) && text(again).contains("nothing to run"), text(again));
        }
    }

    @Test
    void aFailingTaskCancelsItsDependentsAndNothingElse(@TempDir Path dir) throws Exception {
        String plan = """
                # Fragile chain

                - [ ] **Breaks**: MODE:crash
                  Provider: claude
                - [ ] **Needs the break**: write b.txt
                  Depends on: Breaks
                  Provider: claude
                - [ ] **Needs that too**: write c.txt
                  Depends on: 2
                  Provider: claude
                - [ ] **Stands alone**: MODE:sleep=1
                  Provider: claude
                """;
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String session = (String) decompose(h, Map.of("plan", plan, "feature", "fragile")).get("session");
            Map<String, String> byTask = jobsByTask(h.call("spawn_agent", Map.of("session", session)));
            List<Map<String, Object>> ended = awaitAll(h, new ArrayList<>(byTask.values()));
            Map<String, Object> st = new HashMap<>();
            ended.forEach(j -> st.put((String) j.get("job_id"), j.get("status")));
            assertEquals("failed", st.get(byTask.get("1")));
            assertEquals("cancelled", st.get(byTask.get("2")));
            assertEquals("cancelled", st.get(byTask.get("3")));
            assertEquals("succeeded", st.get(byTask.get("4")), "an independent task is not touched");
            assertEquals("blocked by job " + byTask.get("1") + " (failed)",
                    job(h, byTask.get("2")).get("state").get("reason").asText());
            assertEquals("blocked by job " + byTask.get("2") + " (cancelled)",
                    job(h, byTask.get("3")).get("state").get("reason").asText());
            assertFalse(Files.exists(h.worktree(byTask.get("2"))),
                    "a task that never started never got a worktree");
            assertEquals("cancelled", status(dir, "" + session).get("tasks").get(1).get("status").asText());
            var summary = h.call("read_summary", Map.of("job_id", byTask.get("2")));
            assertTrue(text(summary).contains("blocked by job " + byTask.get("1")), text(summary));

            var mergeBlocked = h.call("merge_worktree", Map.of("job_id", byTask.get("2")));
            assertTrue(Boolean.TRUE.equals(mergeBlocked.isError()) && text(mergeBlocked).contains("never started"),
                    text(mergeBlocked));

            // recovery: fix the failed task by resuming it, then run the plan again: only what did not succeed runs
            var fixed = h.call("resume_session", Map.of("job_id", byTask.get("1"), "prompt", "write fixed.txt"));
            String fixedId = (String) structured(fixed).get("job_id");
            assertEquals("succeeded", h.awaitEnd(fixedId).get("status"));
            assertEquals(fixedId, status(dir, session).get("tasks").get(0).get("job_id").asText());
            var rerun = h.call("spawn_agent", Map.of("session", session));
            assertTrue(text(rerun).contains("Already run: 1 (" + fixedId + " succeeded), 4"), text(rerun));
            Map<String, String> second = jobsByTask(rerun);
            assertEquals(java.util.Set.of("2", "3"), second.keySet());
            awaitAll(h, new ArrayList<>(second.values())).forEach(j -> assertEquals("succeeded", j.get("status")));
            Path last = Path.of(job(h, second.get("3")).get("workspace").get("path").asText());
            assertTrue(Files.isRegularFile(last.resolve("fixed.txt")) && Files.isRegularFile(last.resolve("b.txt")),
                    "the last task builds on the fixed first task and the second");
        }
    }

    @Test
    void aTaskWithSeveralDependenciesStartsOnAllTheirWorkAndConflictingOnesFailItClearly(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String session = (String) decompose(h, Map.of("feature", "joins", "tasks", List.of(
                    Map.of("id", "a", "title", "A", "prompt", "write a.txt", "provider", "claude"),
                    Map.of("id", "b", "title", "B", "prompt", "write b.txt", "provider", "claude"),
                    Map.of("id", "c", "title", "C", "prompt", "REQUIRE:a.txt REQUIRE:b.txt write c.txt",
                            "provider", "claude", "depends_on", List.of("a", "b")),
                    Map.of("id", "x", "title", "X", "prompt", "write same.txt\nCONTENT:one", "provider", "claude"),
                    Map.of("id", "y", "title", "Y", "prompt", "write same.txt\nCONTENT:two", "provider", "claude"),
                    Map.of("id", "z", "title", "Z", "prompt", "write z.txt", "provider", "claude",
                            "depends_on", List.of("x", "y")),
                    Map.of("id", "after-z", "title", "After Z", "prompt", "write w.txt", "provider", "claude",
                            "depends_on", List.of("z"))))).get("session");
            Map<String, String> byTask = jobsByTask(h.call("spawn_agent", Map.of("session", session)));
            Map<String, Object> st = new HashMap<>();
            awaitAll(h, new ArrayList<>(byTask.values())).forEach(j -> st.put((String) j.get("job_id"), j.get("status")));
            assertEquals("succeeded", st.get(byTask.get("c")));
            Path c = Path.of(job(h, byTask.get("c")).get("workspace").get("path").asText());
            assertTrue(Files.isRegularFile(c.resolve("a.txt")) && Files.isRegularFile(c.resolve("b.txt")));
            assertEquals("failed", st.get(byTask.get("z")));
            String reason = job(h, byTask.get("z")).get("state").get("reason").asText();
            assertTrue(reason.contains("conflict in same.txt"), reason);
            assertEquals("cancelled", st.get(byTask.get("after-z")), "its dependent does not wait forever");
            assertFalse(h.git("branch", "--list").contains("06-z"), "the half-made branch is gone: " + h.git("branch"));
        }
    }

    @Test
    void aJobCanWaitForAnotherAndStartsOnItsBranch(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String first = h.spawn("write hello.txt", Map.of("worktree", true));
            String second = h.spawn("REQUIRE:hello.txt write second.txt", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(first).get("status"));
            assertEquals("failed", h.awaitEnd(second).get("status"), "without depends_on it does not see the work");

            String a = h.spawn("write a.txt", Map.of("worktree", true));
            var b = h.call("spawn_agent", Map.of("prompt", "REQUIRE:a.txt write b.txt", "depends_on", List.of(a)));
            assertTrue(text(b).startsWith("Queued") && text(b).contains("until " + a), text(b));
            String bId = (String) structured(b).get("job_id");
            assertEquals("succeeded", h.awaitEnd(bId).get("status"));
            assertEquals("bg/" + bId, job(h, bId).get("workspace").get("branch").asText());

            var onFailed = h.call("spawn_agent", Map.of("prompt", "write x.txt", "depends_on", List.of(second)));
            assertTrue(Boolean.TRUE.equals(onFailed.isError()) && text(onFailed).contains("failed"), text(onFailed));
            var onUnknown = h.call("spawn_agent", Map.of("prompt", "write x.txt", "depends_on", List.of("claude-000000")));
            assertTrue(Boolean.TRUE.equals(onUnknown.isError()) && text(onUnknown).contains("unknown job"), text(onUnknown));
        }
    }

    @Test
    void hostTasksRunOneByOneAndATaskWhoseDependencyHasNotRunIsRefused(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            Map<String, Object> plan = decompose(h, Map.of("feature", "host split", "tasks", List.of(
                    Map.of("id", "schema", "title", "Schema", "prompt", "write schema.sql", "provider", "claude",
                            "files", List.of("schema.sql")),
                    Map.of("id", "api", "title", "API", "prompt", "REQUIRE:schema.sql write api.txt",
                            "provider", "claude", "depends_on", List.of("schema")))));
            String session = (String) plan.get("session");
            assertTrue(session.endsWith("_host-split"), session);
            assertEquals(List.of(List.of("schema"), List.of("api")), plan.get("waves"));

            var early = h.call("spawn_agent", Map.of("session", session, "task_id", "api"));
            assertTrue(Boolean.TRUE.equals(early.isError()) && text(early).contains("has not run"), text(early));
            var first = h.call("spawn_agent", Map.of("session", session, "task_id", "schema"));
            assertFalse(Boolean.TRUE.equals(first.isError()), text(first));
            var second = h.call("spawn_agent", Map.of("session", session, "wave", 2));
            assertFalse(Boolean.TRUE.equals(second.isError()), text(second));
            String api = (String) structured(second).get("job_id");
            assertEquals("succeeded", h.awaitEnd(api).get("status"));
        }
    }

    @Test
    void badPlansGetOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            Files.write(dir.resolve("binary.md"), new byte[]{'#', ' ', 0, 1, 2, (byte) 0xff});
            Files.writeString(dir.resolve("huge.md"), "1. task\n" + "x".repeat(5 * 1024 * 1024));
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("{\"plan\":\"   \"}", "empty");
            cases.put("{\"plan\":\"# Thoughts\\n\\nWe should do something about logging.\"}", "no tasks found");
            cases.put("{\"plan\":\"1. One\\n2. Two\\n   Depends on: 7\"}", "not a task");
            cases.put("{\"plan\":\"1. One\\n   Depends on: 2\\n2. Two\\n   Depends on: 1\"}", "cycle");
            cases.put("{\"plan_path\":\"no/such/plan.md\"}", "is not a file");
            cases.put("{\"plan_path\":\"binary.md\"}", "not a text file");
            cases.put("{\"plan_path\":\"huge.md\"}", "at most");
            cases.put("{\"plan\":\"1. One\\n   Provider: nosuch\"}", "not a known provider");
            cases.put("{\"plan\":\"1. x\",\"tasks\":[]}", "not several");
            cases.put("{\"tasks\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"a\",\"title\":\"B\"}]}", "twice");
            cases.put("{\"tasks\":[{\"id\":\"a\",\"title\":\"A\",\"depends_on\":[\"zz\"]}]}", "not a task id");
            for (var c : cases.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> args = JSON.readValue(c.getKey(), Map.class);
                var r = h.call("decompose_plan", args);
                assertTrue(Boolean.TRUE.equals(r.isError()), c.getKey() + " → " + text(r));
                assertTrue(text(r).contains(c.getValue()), c.getKey() + " → " + text(r));
                assertFalse(text(r).contains("\n"), "one line: " + text(r));
            }
            var huge = h.call("decompose_plan", Map.of("plan", "1. task\n" + "y".repeat(5 * 1024 * 1024)));
            assertTrue(Boolean.TRUE.equals(huge.isError()) && text(huge).contains("at most"), text(huge));
            Path impl = dir.resolve(".context/impl");
            if (Files.exists(impl)) {
                try (Stream<Path> s = Files.list(impl)) {
                    assertEquals(List.of(), s.toList(), "nothing written");
                }
            }
            var unknown = h.call("spawn_agent", Map.of("session", "20260101-000000_nope"));
            assertTrue(Boolean.TRUE.equals(unknown.isError()) && text(unknown).contains("unknown plan session"));
            assertNotEquals(null, unknown);
        }
    }
}
