package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** What a host sees on connecting: the tools and their metadata, and a stdout that is protocol only. */
class ProtocolIT {

    @Test
    void theSevenToolsAreListedWithSchemasTitlesAndAnnotations(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            Map<String, McpSchema.Tool> tools = h.client().listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
            assertEquals(List.of("cancel_job", "decompose_plan", "job_status", "merge_worktree", "read_summary",
                    "resume_session", "spawn_agent"), tools.keySet().stream().sorted().toList());
            for (McpSchema.Tool t : tools.values()) {
                assertNotNull(t.title(), t.name());
                assertNotNull(t.outputSchema(), t.name());
                assertNotNull(t.annotations(), t.name());
            }
            assertTrue(tools.get("job_status").annotations().readOnlyHint());
            assertTrue(tools.get("read_summary").annotations().readOnlyHint());
            assertTrue(tools.get("cancel_job").annotations().destructiveHint());
            assertTrue(tools.get("merge_worktree").annotations().destructiveHint());
            String instructions = h.client().getServerInstructions();
            for (String step : List.of("spawn_agent", "job_status", "wait", "read_summary")) {
                assertTrue(instructions.contains(step), "instructions should teach " + step);
            }
        }
    }

    @Test
    void stdoutCarriesOnlyJsonRpcEvenWhileJobsRunAndLog(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-jar", ServerHarness.JAR.toString());
            pb.environment().put("BG_AGENTS_PROJECT", dir.toString());
            pb.environment().put("BG_AGENTS_CONFIG", dir.resolve(".git/bg-agents.json").toString());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            OutputStream in = p.getOutputStream();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            ObjectMapper json = new ObjectMapper();
            assertEquals(1, json.readTree(out.readLine()).path("id").asInt());
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"spawn_agent\","
                    + "\"arguments\":{\"prompt\":\"MODE:crash\"}}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"job_status\","
                    + "\"arguments\":{\"wait\":\"all\",\"timeout_seconds\":20}}}");
            int answered = 0;
            while (answered < 2) {
                String line = out.readLine();
                assertNotNull(line, "server closed stdout");
                JsonNode msg = json.readTree(line); // throws on anything that is not JSON
                assertEquals("2.0", msg.path("jsonrpc").asText(), line);
                if (msg.has("id")) {
                    answered++;
                }
            }
            in.close();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server should exit when stdin closes");
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : rest.split("\n")) {
                if (!line.isBlank()) {
                    json.readTree(line);
                }
            }
        }
    }

    private static void send(OutputStream in, String message) throws Exception {
        in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
