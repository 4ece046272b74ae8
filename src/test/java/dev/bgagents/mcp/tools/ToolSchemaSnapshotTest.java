package dev.bgagents.mcp.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bgagents.mcp.tasks.TaskRewrites;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every tool's definition, as tools/list shows it to a client that speaks MCP tasks, against its snapshot in src/test/resources/toolsnaps, so a change to
 * the contract shows up in review. After an intended change: UPDATE_TOOLSNAPS=1 mvn test.
 */
class ToolSchemaSnapshotTest {
    private static final Path SNAPS = Path.of("src/test/resources/toolsnaps");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static List<McpSchema.Tool> definitions() {
        return Tools.of(null, null, null, null, null, null, null).stream().map(BgTool::definition).toList();
    }

    @TestFactory
    Stream<DynamicTest> eachToolMatchesItsSnapshot() {
        boolean update = "1".equals(System.getenv("UPDATE_TOOLSNAPS"));
        return definitions().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            // as a tasks-capable client lists it, execution.taskSupport included
            Map<String, Object> listed = JSON.convertValue(tool, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            TaskRewrites.withTaskSupport(Map.of("tools", List.of(listed)), java.util.Set.of(SpawnAgentTool.NAME, ResumeSessionTool.NAME));
            String actual = JSON.writeValueAsString(listed) + "\n";
            Path snap = SNAPS.resolve(tool.name() + ".snap.json");
            if (update) {
                Files.createDirectories(SNAPS);
                Files.writeString(snap, actual);
                return;
            }
            assertTrue(Files.exists(snap), "no snapshot for " + tool.name() + ": run UPDATE_TOOLSNAPS=1 mvn test");
            String expected = Files.readString(snap);
            if (!expected.equals(actual)) {
                fail(tool.name() + " changed; if intended, run UPDATE_TOOLSNAPS=1 mvn test and review the diff:\n"
                        + diff(expected, actual));
            }
        }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyInputPropertyIsDescribed() {
        for (McpSchema.Tool tool : definitions()) {
            assertDescribed(tool.name(), tool.description(), (Map<String, Object>) tool.inputSchema().get("properties"));
        }
    }

    @Test
    void toolNamesAreTheContractsSeven() {
        assertEquals(List.of("spawn_agent", "job_status", "read_summary", "cancel_job", "resume_session",
                "merge_worktree", "decompose_plan"), definitions().stream().map(McpSchema.Tool::name).toList());
    }

    /** The lines that differ, as - (snapshot) and + (now), with the line number. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        int ea = a.size() - 1;
        int eb = b.size() - 1;
        while (ea >= i && eb >= i && a.get(ea).equals(b.get(eb))) {
            ea--;
            eb--;
        }
        for (int k = i; k <= ea; k++) {
            out.append(k + 1).append(" - ").append(a.get(k)).append('\n');
        }
        for (int k = i; k <= eb; k++) {
            out.append(k + 1).append(" + ").append(b.get(k)).append('\n');
        }
        return out.toString();
    }

    @Test
    void aChangeIsShownAsTheLinesThatDiffer() {
        assertEquals("2 - \"b\": 1\n2 + \"b\": 2\n", diff("{\n\"b\": 1\n}\n", "{\n\"b\": 2\n}\n"));
    }

    /**
     * Each property is explained to the model: by a description of its own or the values it takes,
     * or — cheaper on every host turn — by the tool's description, which names it.
     */
    @SuppressWarnings("unchecked")
    private static void assertDescribed(String where, String toolDescription, Map<String, Object> properties) {
        properties.forEach((name, schema) -> {
            Map<String, Object> s = (Map<String, Object>) schema;
            boolean own = s.get("description") instanceof String d && !d.isBlank() || s.get("enum") != null;
            boolean named = java.util.regex.Pattern.compile("\\b" + name + "\\b").matcher(toolDescription).find();
            assertTrue(own || named, where + "." + name + " is neither described nor named in the tool's description");
            if (s.get("items") instanceof Map<?, ?> items && items.get("properties") instanceof Map<?, ?> nested) {
                assertDescribed(where + "." + name + "[]", toolDescription, (Map<String, Object>) nested);
            }
        });
    }
}
