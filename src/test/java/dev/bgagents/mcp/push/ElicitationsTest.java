package dev.bgagents.mcp.push;

import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.JobFixtures;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The question as the host's UI shows it: one line naming the job and the request, a choice and a message. */
class ElicitationsTest {
    @Test
    @SuppressWarnings("unchecked")
    void aFormWithTheDecisionAndAnOptionalMessage() {
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        McpSchema.ElicitRequest r = Elicitations.request(JobFixtures.running("claude-0a0a0a"),
                new PersonRequest("r1", "Bash", "rm -rf build", now, now.plusSeconds(300)));
        assertTrue(r.message().startsWith("bg-agents: job claude-0a0a0a (claude) asks to run Bash: rm -rf build "
                + "(request r1). No answer by "), r.message());
        Map<String, Object> schema = ((McpSchema.ElicitFormRequest) r).requestedSchema();
        Map<String, Object> props = (Map<String, Object>) schema.get("properties");
        assertEquals(List.of("allow", "deny"), ((Map<String, Object>) props.get("decision")).get("enum"));
        assertEquals("string", ((Map<String, Object>) props.get("message")).get("type"));
        assertEquals(List.of("decision"), schema.get("required"));
        assertEquals("form", r.mode() == null ? "form" : r.mode());
    }

    @Test
    void onlyAHostThatDeclaredFormElicitationIsAsked() {
        assertFalse(Elicitations.supported((McpSchema.ClientCapabilities) null));
        assertFalse(Elicitations.supported(McpSchema.ClientCapabilities.builder().roots(true).build()));
        assertTrue(Elicitations.supported(McpSchema.ClientCapabilities.builder().elicitation().build()));
        assertTrue(Elicitations.supported(McpSchema.ClientCapabilities.builder().elicitation(true, false).build()));
        assertFalse(Elicitations.supported(McpSchema.ClientCapabilities.builder().elicitation(false, true).build()),
                "url mode only");
    }
}
