package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.mcp.stdio.MockTransport;
import dev.bgagents.mcp.tools.FakeJobs;
import dev.bgagents.mcp.tools.FakeSpawning;
import dev.bgagents.mcp.tools.JobStartingTool;
import dev.bgagents.mcp.tools.SpawnAgentTool;
import dev.bgagents.orchestration.api.Spawning;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session the tasks wrapper puts in front of the SDK's, against a mock transport and a stub
 * of the SDK's session: what it answers itself, what it passes on, what it rewrites on the way out.
 */
class TaskAwareTransportTest {

    /** Stands for the SDK's session: records what reaches it and answers as the SDK would. */
    static final class StubSdkSession extends McpServerSession {
        final McpServerTransport out;
        final List<JSONRPCMessage> handled = new ArrayList<>();
        final String protocol;

        StubSdkSession(McpServerTransport out, String protocol) {
            super("s1", Duration.ofSeconds(1), out, null, Map.of(), Map.of());
            this.out = out;
            this.protocol = protocol;
        }

        @Override
        public Mono<Void> handle(JSONRPCMessage message) {
            handled.add(message);
            if (message instanceof JSONRPCRequest r) {
                Object result = switch (r.method()) {
                    case "initialize" -> Map.of("protocolVersion", protocol, "capabilities", Map.of("tools", Map.of()));
                    case "tools/list" -> Map.of("tools", List.of(Map.of("name", "spawn_agent"), Map.of("name", "job_status")));
                    default -> Map.of();
                };
                return out.sendMessage(JSONRPCResponse.result(r.id(), result));
            }
            return Mono.empty();
        }

        @Override
        public void close() {
        }
    }

    private final MockTransport raw = new MockTransport();
    private final FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
    private final FakeSpawning spawning = new FakeSpawning();
    private StubSdkSession sdk;

    private McpServerSession session(String protocol) {
        List<McpServerSession.Factory> captured = new ArrayList<>();
        McpServerTransportProvider inner = new McpServerTransportProvider() {
            @Override
            public void setSessionFactory(McpServerSession.Factory f) {
                captured.add(f);
            }

            @Override
            public Mono<Void> notifyClients(String method, Object params) {
                return Mono.empty();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }
        };
        TaskMethods methods = new TaskMethods(jobs, jobs, jobs, List.<JobStartingTool>of(new SpawnAgentTool(spawning)));
        TaskAwareTransport t = new TaskAwareTransport(inner, McpJsonDefaults.getMapper(), methods);
        t.setSessionFactory(out -> sdk = new StubSdkSession(out, protocol));
        return captured.get(0).create(raw);
    }

    private static JSONRPCRequest request(int id, String method, Object params) {
        return new JSONRPCRequest("2.0", method, id, params);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(int id) {
        for (JSONRPCMessage m : raw.sent) {
            if (m instanceof JSONRPCResponse r && Integer.valueOf(id).equals(r.id())) {
                assertNull(r.error(), String.valueOf(r.error()));
                return McpJsonDefaults.getMapper().convertValue(r.result(), Map.class);
            }
        }
        throw new AssertionError("no answer to " + id + " in " + raw.sent);
    }

    private JSONRPCResponse.JSONRPCError error(int id) {
        return raw.sent.stream().filter(m -> m instanceof JSONRPCResponse r && Integer.valueOf(id).equals(r.id()))
                .map(m -> ((JSONRPCResponse) m).error()).findFirst().orElseThrow();
    }

    @Test
    void aTasksClientGetsTheCapabilityAndTheJobStartingToolsAreMarked() {
        McpServerSession s = session("2025-11-25");
        s.handle(request(1, "initialize", Map.of())).block();
        s.handle(request(2, "tools/list", Map.of())).block();
        @SuppressWarnings("unchecked")
        Map<String, Object> caps = (Map<String, Object>) answer(1).get("capabilities");
        assertTrue(caps.containsKey("tasks") && caps.containsKey("tools"), caps.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tools = (List<Map<String, Object>>) answer(2).get("tools");
        assertEquals(Map.of("taskSupport", "optional"), tools.get(0).get("execution"));
        assertNull(tools.get(1).get("execution"));
    }

    @Test
    void anOlderClientSeesWhatTheSdkSaidAndItsTasksCallsGoToTheSdk() {
        McpServerSession s = session("2025-06-18");
        s.handle(request(1, "initialize", Map.of())).block();
        s.handle(request(2, "tools/list", Map.of())).block();
        s.handle(request(3, "tasks/list", Map.of())).block();
        assertFalse(((Map<?, ?>) answer(1).get("capabilities")).containsKey("tasks"));
        assertEquals(3, sdk.handled.size(), "tasks/list reaches the SDK, which knows no such method");
    }

    @Test
    void tasksMethodsAndTaskAugmentedCallsAreAnsweredWithoutTheSdk() {
        McpServerSession s = session("2025-11-25");
        s.handle(request(1, "initialize", Map.of())).block();
        s.handle(request(2, "tasks/get", Map.of("taskId", "claude-aaaaaa"))).block();
        assertEquals("working", answer(2).get("status"));
        spawning.next = new Spawning.Started(JobFixtures.running("claude-bbbbbb"), 1, 6, false, List.of());
        s.handle(request(3, "tools/call", Map.of("name", "spawn_agent", "arguments", Map.of("prompt", "go"),
                "task", Map.of()))).block();
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) answer(3).get("task");
        assertEquals("claude-bbbbbb", task.get("taskId"));
        assertEquals("go", spawning.requests.get(0).prompt());
        s.handle(request(4, "tools/call", Map.of("name", "job_status", "task", Map.of()))).block();
        assertEquals(McpSchema.ErrorCodes.METHOD_NOT_FOUND, error(4).code());
        s.handle(request(5, "tasks/get", Map.of("taskId", "nope"))).block();
        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, error(5).code());
        assertEquals(1, sdk.handled.size(), "only initialize reached the SDK");
    }
}
