package dev.bgagents.mcp.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.routing.Routing;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.Planner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decompose_plan answer for ten tasks: the waves table and the session, under 1,500 characters. */
class DecomposeAnswerTest {

    @Test
    void tenTasksAnswerInUnder1500Characters() throws Exception {
        String md;
        try (var in = getClass().getResourceAsStream("/plans/ten-tasks.md")) {
            md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Routing routing = new Routing(Map.of());
        PlanStatus plan = Planner.fromMarkdown(md, new Planner.Setting(null, "/work/shop", Instant.now(), null,
                t -> new Planner.Choice(routing.choose(t, p -> true).orElseThrow().provider(), "auto"),
                Set.of("claude", "codex", "gemini")::contains)).status();
        assertEquals(10, plan.tasks().size());
        assertEquals(List.of(List.of("1", "7", "8", "10"), List.of("2"), List.of("3", "4", "5"), List.of("6"),
                List.of("9")), plan.waves());
        assertEquals(List.of("3", "4", "5"), plan.task("6").orElseThrow().dependsOn(), "wiring waits for all it wires");
        Answer r = DecomposePlanTool.answer(plan, ".context/impl/" + plan.session());
        String text = r.text();
        int structured = new ObjectMapper().writeValueAsString(r.structured()).length();
        System.out.println("decompose_plan answer for 10 tasks: " + text.length() + " characters of text, "
                + structured + " of structuredContent\n" + text);
        assertTrue(text.length() < 1500, text.length() + " characters:\n" + text);
        assertTrue(text.contains(plan.session()));
    }
}
