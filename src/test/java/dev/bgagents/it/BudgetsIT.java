package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** Budgets: the watchdog reads usage from the agent's stream while it runs and stops it past its limit. */
class BudgetsIT {

    @Test
    void aJobOverMaxTokensIsStoppedFailedOverBudgetAndItsWorkIsKeptOnItsBranch(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // 40 messages of 1,100 tokens, 0.3 s apart: unstopped it would run 12 s and succeed
            var spawned = h.call("spawn_agent", Map.of("prompt", "MODE:spend=40", "max_tokens", 2500));
            String id = (String) structured(spawned).get("job_id");
            Map<String, Object> job = h.awaitEnd(id);

            assertEquals("failed", job.get("status"), job.toString());
            String reason = String.valueOf(job.get("last_activity")); // a failed job's line gives its reason here
            // a slow pass may see a message more: the figure is what the stream showed when it looked
            assertTrue(reason.matches("over budget: max_tokens 2500, reached (3300|4400|5500)\\b.*"), reason);
            assertTrue(text(spawned).endsWith("(budget max_tokens 2500)"), text(spawned));
            assertEquals(List.of(), h.survivors(), "the whole process group is stopped, as for a timeout");
            assertEquals("spent", h.git("show", "bg/" + id + ":spent.txt").strip(), "what it did is on its branch");

            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("over budget: max_tokens 2500"), md);
            assertTrue(md.contains("spent.txt"), md);
        }
    }

    @Test
    void aCliThatKeepsGoingPastMaxTurnsIsStoppedByTheCountOfItsTurns(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // the stand-in takes --max-turns and ignores it: the watchdog counts the turns in its stream
            String id = h.spawn("MODE:spend=40", Map.of("max_turns", 2));
            Map<String, Object> job = h.awaitEnd(id);

            assertEquals("failed", job.get("status"), job.toString());
            assertTrue(String.valueOf(job.get("last_activity")).matches("over budget: max_turns 2, reached [345]\\b.*"),
                    job.toString());
            assertEquals(List.of(), h.survivors());
            String argv = new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile())
                    .path("spec").path("argv").toString();
            assertTrue(argv.contains("\"--max-turns\",\"2\""), "claude is given the limit too: " + argv);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanOverItsBudgetStopsItsRunningTasksAndItsQueuedOnesNeverStart(@TempDir Path dir) throws Exception {
        String plan = """
                # Spendy

                - [ ] **One**: MODE:spend=40
                  Provider: claude
                - [ ] **Two**: MODE:spend=40
                  Provider: claude
                - [ ] **Three**: write three.txt
                  Provider: claude
                """;
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 2").start()) {
            var dec = h.call("decompose_plan", Map.of("plan", plan, "feature", "spendy"));
            String session = (String) structured(dec).get("session");
            // each task alone stays under 5000 for a while; the two together pass it within a second
            var spawned = h.call("spawn_agent", Map.of("session", session, "max_tokens", 5000));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            Map<String, String> byTask = new java.util.HashMap<>();
            for (Map<String, Object> j : (List<Map<String, Object>>) structured(spawned).get("jobs")) {
                byTask.put((String) j.get("task_id"), (String) j.get("job_id"));
            }
            assertEquals("queued", ((List<Map<String, Object>>) structured(spawned).get("jobs")).get(2).get("status"),
                    "two slots: the third task waits");

            for (String task : List.of("1", "2")) {
                Map<String, Object> job = h.awaitEnd(byTask.get(task));
                assertEquals("failed", job.get("status"), job.toString());
                assertTrue(String.valueOf(job.get("last_activity")).startsWith("over budget: the plan's max_tokens 5000"),
                        job.toString());
            }
            Map<String, Object> third = h.awaitEnd(byTask.get("3"));
            assertEquals("cancelled", third.get("status"), third.toString());
            String md = text(h.call("read_summary", Map.of("job_id", byTask.get("3"))));
            assertTrue(md.contains("not started: over budget: the plan's max_tokens 5000"), md);
            // what the plan had spent when the third was turned away: past the budget, and no more than what
            // the stopped tasks reported in the end (they ran on for a moment after it, until stopped)
            long spent = 0;
            for (String task : List.of("1", "2")) {
                var usage = new ObjectMapper().readTree(h.jobDir(byTask.get(task)).resolve("job.json").toFile())
                        .path("report").path("usage");
                spent += usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong();
            }
            java.util.regex.Matcher reached = java.util.regex.Pattern.compile("reached (\\d+)").matcher(md);
            assertTrue(reached.find(), md);
            long figure = Long.parseLong(reached.group(1));
            assertTrue(figure > 5000 && figure <= spent, figure + " against " + spent + " reported: " + md);
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void aBudgetOutOfRangeIsRefusedAndNoJobIsCreated(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            var r = h.call("spawn_agent", Map.of("prompt", "write a.txt", "max_tokens", 0));
            assertTrue(Boolean.TRUE.equals(r.isError()), text(r));
            assertTrue(text(r).contains("max_tokens"), text(r));
        }
    }
}
