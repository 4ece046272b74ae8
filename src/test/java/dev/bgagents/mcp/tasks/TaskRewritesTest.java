package dev.bgagents.mcp.tasks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class TaskRewritesTest {

    @Test
    void onlyTheJobStartingToolsAreMarkedTaskCapable() {
        List<Object> tools = new ArrayList<>();
        for (String n : List.of("spawn_agent", "job_status", "resume_session")) {
            tools.add(new LinkedHashMap<>(Map.of("name", n)));
        }
        Map<String, Object> out = TaskRewrites.withTaskSupport(new LinkedHashMap<>(Map.of("tools", tools)),
                Set.of("spawn_agent", "resume_session"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) out.get("tools");
        assertEquals(List.of(true, false, true), listed.stream().map(t -> t.containsKey("execution")).toList());
    }
}
