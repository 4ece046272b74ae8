package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A plan over stdio with the stand-in claude whose two tasks rewrite the same function: merged with
 * resolve, the first lands, the second conflicts and goes through one conflict round in its own
 * worktree — its resolution checked by the plan's check — and lands too, from one merge call.
 */
class PlanConflictRoundsIT {
    private static final String PLAN = """
            # Greeting

            ## Tasks

            1. **Fast greeting**: write greet.sh CONTENT:fast RESOLVE:both
            2. **Loud greeting**: write greet.sh CONTENT:loud RESOLVE:both
            """;
    /** Passes on each task's work alone and on a resolution that kept both; fails on a conflict marker. */
    private static final String CHECK = "\"verify\": {\"greets\": [\"sh\", \"-c\", "
            + "\"test -s greet.sh && ! grep -q '^[<=>]\\\\{7\\\\}' greet.sh\"]}";

    @Test
    void twoTasksOnTheSameFunctionBothLandThroughOneCheckedRound(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECK).start()) {
            Files.writeString(h.project.resolve("greet.sh"), "hello\n");
            h.git("add", "greet.sh");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "greet");
            String session = (String) structured(h.call("decompose_plan", Map.of("plan", PLAN, "feature", "greet")))
                    .get("session");
            McpSchema.CallToolResult spawned = h.call("spawn_agent", Map.of("session", session, "verify", "greets"));
            assertNotEquals(Boolean.TRUE, spawned.isError(), text(spawned));
            h.call("job_status", Map.of("session", session, "wait", "all", "timeout_seconds", 50));
            String head = h.git("rev-parse", "HEAD").strip();

            McpSchema.CallToolResult merged = h.call("merge_worktree", Map.of("session", session, "resolve", true));
            assertNotEquals(Boolean.TRUE, merged.isError(), text(merged));
            String round = (String) structured(merged).get("resolving");
            assertNotNull(round, "one task conflicts and a round resolves it: " + text(merged));
            assertTrue(text(merged).contains("resolving") || text(merged).contains("resolved by"), text(merged));
            assertNotEquals(head, h.git("rev-parse", "HEAD").strip(), "the first task is merged already");

            assertEquals("succeeded", h.awaitEnd(round).get("status"));
            String greet = h.git("show", "main:greet.sh");
            assertTrue(greet.contains("fast") && greet.contains("loud") && !greet.contains("<<<<<<<"),
                    "both tasks' lines are on main: " + greet);
            String roundSummary = text(h.call("read_summary", Map.of("job_id", round)));
            assertTrue(roundSummary.contains("after 1 of 3 conflict rounds"), roundSummary);
            assertTrue(roundSummary.contains("`sh -c") && roundSummary.contains("passed"), "checked: " + roundSummary);
            String plan = text(h.call("read_summary", Map.of("session", session)));
            assertFalse(plan.contains("not merged") || plan.contains("refused"), plan);
            Map<String, Object> again = structured(h.call("merge_worktree", Map.of("session", session)));
            assertEquals(0, ((Number) again.get("tasks_merged")).intValue(), "nothing left to merge: " + again);
            assertEquals("", h.git("status", "--porcelain", "--untracked-files=no"), "the checkout is clean");
            assertTrue(List.of(h.git("log", "--format=%s", "main").split("\n")).stream()
                    .noneMatch(s -> s.contains("**") || s.contains("#")), "plain subjects");
        }
    }
}
