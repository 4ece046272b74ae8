package dev.bgagents.it;

import dev.bgagents.Await;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A job's end reaches the host without polling: a logging notification, a resource update, a channel event. */
class PushIT {

    @Test
    void aJobsEndIsLoggedAndItsSubscribedSummaryResourceIsUpdated(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            assertNotNull(h.client().getServerCapabilities().experimental().get("claude/channel"));
            String id = h.spawn("MODE:sleep=2", Map.of());
            String uri = "bg-agents://jobs/" + id + "/summary";
            h.client().subscribeResource(new McpSchema.SubscribeRequest(uri));
            h.awaitEnd(id);
            Await.until("a log line and a resource update", Duration.ofSeconds(10),
                    () -> !h.logs.isEmpty() && !h.updates.isEmpty());
            assertTrue(h.logs.stream().anyMatch(l -> l.data().startsWith(id + " succeeded after")
                    && l.data().contains("read_summary " + id)), h.logs.toString());
            McpSchema.TextResourceContents update = (McpSchema.TextResourceContents) h.updates.get(0);
            assertEquals(uri, update.uri());
            assertTrue(update.text().contains("## " + id + ": succeeded"), update.text());

            var log = h.client().readResource(new McpSchema.ReadResourceRequest("bg-agents://jobs/" + id + "/log"));
            assertTrue(((McpSchema.TextResourceContents) log.contents().get(0)).text().contains("\"type\":\"result\""));
            assertThrows(RuntimeException.class, () -> h.client().readResource(
                    new McpSchema.ReadResourceRequest("bg-agents://jobs/../etc/summary")));
        }
    }

    @Test
    void claudeCodeGetsAChannelEventWithTheOutcomeAndItsMeta(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-jar", ServerHarness.JAR.toString());
            pb.environment().put("BG_AGENTS_PROJECT", dir.toString());
            pb.environment().put("BG_AGENTS_CONFIG", dir.resolve(".git/bg-agents.json").toString());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            try {
                OutputStream in = p.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                ObjectMapper json = new ObjectMapper();
                send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"claude-code\",\"version\":\"2\"}}}");
                JsonNode init = json.readTree(out.readLine());
                assertTrue(init.path("result").path("capabilities").path("experimental").has("claude/channel"), init.toString());
                send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"spawn_agent\","
                        + "\"arguments\":{\"prompt\":\"MODE:sleep=1\",\"worktree\":false}}}");
                String id = null;
                JsonNode channel = null;
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (channel == null && System.nanoTime() < deadline) {
                    JsonNode msg = json.readTree(out.readLine());
                    if (msg.path("id").asInt() == 2) {
                        id = msg.path("result").path("structuredContent").path("job_id").asText();
                    } else if ("notifications/claude/channel".equals(msg.path("method").asText())) {
                        channel = msg.path("params");
                    }
                }
                assertNotNull(channel, "no channel event");
                assertEquals(id, channel.path("meta").path("job_id").asText());
                assertEquals("succeeded", channel.path("meta").path("status").asText());
                assertEquals("claude", channel.path("meta").path("provider").asText());
                assertTrue(channel.path("content").asText().startsWith(id + " succeeded"), channel.toString());
            } finally {
                p.getOutputStream().close();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    private static void send(OutputStream in, String message) throws Exception {
        in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
