package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.plan.Planner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** decompose_plan: the host's own tasks as they reach the planner, and their mistakes. */
class DecomposePlanToolTest {
    private final List<Planning.Request> asked = new ArrayList<>();

    private Answer call(Map<String, Object> args) {
        Planning p = r -> {
            asked.add(r);
            throw new Refusal("stop here");
        };
        return Answers.call(new DecomposePlanTool(p), args, Progress.NONE);
    }

    @Test
    void theHostsTasksArriveWhole() {
        call(Map.of("tasks", List.of(Map.of("id", "a", "title", "Models", "files", "models.py"),
                Map.of("id", "b", "title", "API", "depends_on", List.of("a"), "provider", "codex")), "feature", "shop"));
        Planning.Request r = asked.get(0);
        assertEquals("shop", r.feature());
        assertEquals(List.of(new Planner.HostTask("a", "Models", null, List.of(), List.of("models.py"), null),
                new Planner.HostTask("b", "API", null, List.of("a"), List.of(), "codex")), r.tasks());
    }

    @Test
    void aTaskWithAnUnknownKeyIsRefusedNamingIt() {
        Answer a = call(Map.of("tasks", List.of(Map.of("id", "a", "colour", "red"))));
        assertTrue(a.isError() && a.text().contains("unknown argument \"colour\" for tasks[0]"), a.text());
        assertTrue(asked.isEmpty());
    }

    @Test
    void tasksMustBeObjects() {
        Answer a = call(Map.of("tasks", List.of("write a")));
        assertTrue(a.isError() && a.text().contains("must be a list of objects"), a.text());
    }
}
