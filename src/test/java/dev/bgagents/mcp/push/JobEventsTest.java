package dev.bgagents.mcp.push;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.summary.Redactor;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What a job's end pushes to the host, against a transport that records it. */
class JobEventsTest {
    private final List<String> methods = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    private final List<String> updated = new ArrayList<>();
    private final McpServerTransportProviderBase transport = new McpServerTransportProviderBase() {
        @Override
        public Mono<Void> notifyClients(String method, Object p) {
            methods.add(method);
            params.add(p);
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    };

    private JobEvents events(boolean enabled) {
        JobEvents e = new JobEvents(transport, new Redactor(Map.of("MY_API_KEY", "s3cr3t-value-123")), enabled);
        e.attach(n -> updated.add(n.uri()));
        return e;
    }

    @Test
    void anEndIsALogLineAResourceUpdateAndAChannelEvent() {
        JobEvents e = events(true);
        e.clientReady(new McpSchema.Implementation("claude-code", "2.1.328"));
        Job job = JobFixtures.ended("claude-aaaaaa", JobStatus.FAILED, "auth failed with key s3cr3t-value-123");
        e.jobEnded(job);
        assertEquals(List.of("notifications/message", "notifications/claude/channel"), methods);
        assertEquals(List.of("bg-agents://jobs/claude-aaaaaa/summary"), updated);
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) params.get(0);
        assertEquals("bg-agents", log.get("logger"));
        String line = (String) log.get("data");
        assertTrue(line.startsWith("claude-aaaaaa failed after 30 s: auth failed with key [REDACTED]"), line);
        assertTrue(line.endsWith("— read_summary claude-aaaaaa"), line);
        @SuppressWarnings("unchecked")
        Map<String, Object> channel = (Map<String, Object>) params.get(1);
        assertEquals(Map.of("job_id", "claude-aaaaaa", "status", "failed", "provider", "claude"), channel.get("meta"));
    }

    @Test
    void anotherClientGetsTheLogLineButNotClaudeCodesChannelEvent() {
        JobEvents e = events(true);
        e.clientReady(new McpSchema.Implementation("bg-agents-demo", "1"));
        e.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
        assertEquals(List.of("notifications/message"), methods);
    }

    @Test
    void nothingIsPushedBeforeTheClientsFirstRequestOrWhenPushIsOff() {
        events(true).jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
        JobEvents off = events(false);
        off.clientReady(new McpSchema.Implementation("claude-code", "2.1.328"));
        off.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
        assertTrue(methods.isEmpty() && updated.isEmpty());
    }

    @Test
    void aHostThatWentAwayDoesNotStopTheEnd() {
        JobEvents e = new JobEvents(new McpServerTransportProviderBase() {
            @Override
            public Mono<Void> notifyClients(String method, Object p) {
                return Mono.error(new IllegalStateException("closed"));
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }
        }, new Redactor(Map.of()), true);
        e.attach(n -> {
            throw new IllegalStateException("closed");
        });
        e.clientReady(new McpSchema.Implementation("claude-code", "2.1.328"));
        assertDoesNotThrow(() -> e.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null)));
    }

}
