package dev.bgagents.it;

import dev.bgagents.Await;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        try (ServerHarness h = new ServerHarness(dir, ""); RawMcpClient c = h.startRaw()) {
            c.initialize("2025-06-18");
            JsonNode spawned = c.request("tools/call", Map.of("name", "spawn_agent",
                    "arguments", Map.of("prompt", "MODE:crash")));
            assertTrue(spawned.path("result").path("structuredContent").has("job_id"), spawned.toString());
            JsonNode waited = c.request("tools/call", Map.of("name", "job_status",
                    "arguments", Map.of("wait", "all", "timeout_seconds", 20)));
            assertTrue(waited.path("result").path("structuredContent").path("condition_met").asBoolean(),
                    waited.toString());
            Await.until("the end is pushed", Duration.ofSeconds(5), () -> !c.notifications("notifications/message").isEmpty());
            assertFalse(c.notifications("notifications/message").isEmpty(), "the job's end is pushed as JSON-RPC too");
            assertTrue(c.closeAndWait(10), "the server should exit when stdin closes");
            c.awaitStdoutClosed();
            c.assertOnlyJson();
        }
    }
}
