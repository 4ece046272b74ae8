package dev.bgagents.mcp.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.mcp.tools.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The skills under plugin/skills/ and the MCP prompts teach exact tool calls, written as
 * {@code tool {arg: value, …}}; a model copies them. Every such call must name a tool the server
 * has, arguments it takes and, for an argument with a fixed set of values, one of those values;
 * every tool a skill pre-approves must exist.
 */
class FlowsNameRealToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SKILLS = Path.of("plugin/skills");
    private static final Pattern CALL = Pattern.compile("\\b([a-z]+(?:_[a-z]+)+) \\{([^{}]*)}");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final Pattern KEY = Pattern.compile("(?:^|[,{]\\s*)([a-z_]+):");
    private static final Pattern KEY_VALUE = Pattern.compile("\\b([a-z_]+): \"([^\"]*)\"");
    private static final Pattern MCP_TOOL = Pattern.compile("mcp__(?:bg-agents|plugin_bg-agents_bg-agents)__([a-z_]+)");

    /** Each tool's arguments, and the allowed values of those that have an enum. */
    private static final Map<String, Map<String, Set<String>>> TOOLS = tools();

    private static Map<String, Map<String, Set<String>>> tools() {
        Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();
        Tools.of(null, null, null, null, null, null, null).forEach(t -> {
            JsonNode props = JSON.valueToTree(t.definition().inputSchema()).path("properties");
            Map<String, Set<String>> args = new LinkedHashMap<>();
            props.fields().forEachRemaining(e -> {
                Set<String> values = new HashSet<>();
                e.getValue().path("enum").forEach(v -> values.add(v.asText()));
                args.put(e.getKey(), values);
            });
            out.put(t.name(), args);
        });
        return out;
    }

    /** What is wrong with the calls written in {@code text}, one line each. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            String tool = m.group(1);
            String body = m.group(2);
            Map<String, Set<String>> args = TOOLS.get(tool);
            if (args == null) {
                problems.add("no tool " + tool + " in: " + m.group());
                continue;
            }
            Matcher k = KEY.matcher(QUOTED.matcher(body).replaceAll("\"\""));
            while (k.find()) {
                if (!args.containsKey(k.group(1))) {
                    problems.add(tool + " has no argument " + k.group(1) + " in: " + m.group());
                }
            }
            Matcher kv = KEY_VALUE.matcher(body);
            while (kv.find()) {
                Set<String> allowed = args.get(kv.group(1));
                String value = kv.group(2);
                if (allowed != null && !allowed.isEmpty() && !value.startsWith("<") && !allowed.contains(value)) {
                    problems.add(tool + " " + kv.group(1) + " is one of " + allowed + ", not \"" + value + "\"");
                }
            }
        }
        Matcher mcp = MCP_TOOL.matcher(text);
        while (mcp.find()) {
            if (!TOOLS.containsKey(mcp.group(1))) {
                problems.add("no tool " + mcp.group(1) + " for " + mcp.group());
            }
        }
        return problems;
    }

    static Stream<Path> skills() throws IOException {
        try (Stream<Path> s = Files.list(SKILLS)) {
            return s.map(d -> d.resolve("SKILL.md")).filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @Test
    void thereAreTheThreeFlows() throws IOException {
        assertEquals(List.of("background-implementer", "fan-out-review", "phase-pipeline"),
                skills().map(p -> p.getParent().getFileName().toString()).toList());
        assertEquals(List.of("run-plan", "phase-pipeline", "fan-out-review"), FlowPrompts.names());
    }

    @ParameterizedTest
    @MethodSource("skills")
    void aSkillHasItsFrontMatterAndOnlyRealCalls(Path skill) throws IOException {
        String text = Files.readString(skill);
        assertTrue(text.startsWith("---\n"), skill + " starts with front matter");
        String front = text.substring(4, text.indexOf("\n---\n", 4));
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : front.split("\n")) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        assertEquals(skill.getParent().getFileName().toString(), fields.get("name"));
        assertTrue(fields.getOrDefault("description", "").contains("Use "), "says when to use it: " + fields);
        Set<String> approved = new HashSet<>();
        Matcher mcp = MCP_TOOL.matcher(fields.getOrDefault("allowed-tools", ""));
        while (mcp.find()) {
            approved.add(mcp.group(1));
        }
        assertFalse(approved.isEmpty(), "pre-approves the bg-agents tools it uses");
        assertEquals(List.of(), problems(text));
        Matcher calls = CALL.matcher(text);
        while (calls.find()) {
            assertTrue(approved.contains(calls.group(1)), skill + " calls " + calls.group(1) + " without allowing it");
        }
    }

    @Test
    void thePromptsTextsOnlyMakeRealCalls() {
        for (FlowPrompts.Prompt p : FlowPrompts.all()) {
            assertEquals(List.of(), problems(p.text(Map.of())), p.name());
            assertEquals(List.of(), problems(p.text(Map.of("plan_path", "docs/P.md", "provider", "codex",
                    "phases", "one\ntwo", "task", "t", "providers", "claude,gemini"))), p.name());
        }
    }

    @Test
    void theCheckCatchesAWrongToolArgumentOrValue() {
        List<String> found = problems("""
                job_statuss {wait: "any"}
                spawn_agent {prompt: "x: y", provder: "codex"}
                read_summary {job_id: "<id>", section: "everything"}
                allowed-tools: mcp__bg-agents__spawn_agents
                """);
        assertEquals(4, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("no tool job_statuss"), found.get(0));
        assertTrue(found.get(1).startsWith("spawn_agent has no argument provder"), found.get(1));
        assertTrue(found.get(2).contains("not \"everything\""), found.get(2));
        assertTrue(found.get(3).startsWith("no tool spawn_agents"), found.get(3));
    }
}
