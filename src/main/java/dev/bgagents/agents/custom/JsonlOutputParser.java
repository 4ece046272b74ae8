package dev.bgagents.agents.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.JsonEventParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

import java.util.List;

/**
 * A custom provider's {@code jsonl} output: common field names are recognised
 * ({@code session_id}/{@code sessionId}/{@code thread_id}; {@code result}/{@code text}/{@code message}/{@code content}
 * for the final message; {@code is_error:true} or {@code type:"error"} for errors). Success is exit 0 with no error.
 */
final class JsonlOutputParser extends JsonEventParser {
    private String finalMessage;

    @Override
    protected void event(JsonNode node) {
        for (String key : List.of("session_id", "sessionId", "thread_id")) {
            if (node.hasNonNull(key)) {
                sessionId = node.get(key).asText();
            }
        }
        boolean isError = node.path("is_error").asBoolean(false) || "error".equals(node.path("type").asText());
        // an error event's text is an error, not the agent's answer
        for (String key : List.of("result", "text", "message", "content")) {
            if (!isError && node.get(key) != null && node.get(key).isTextual()) {
                finalMessage = node.get(key).asText();
                break;
            }
        }
        if (isError) {
            String text = node.path("error").isTextual() ? node.path("error").asText()
                    : node.path("message").asText(node.path("error").path("message").asText(node.toString()));
            seen.error(text);
        }
    }

    @Override
    public String lastActivity() {
        return finalMessage == null ? null : "said: " + Clip.oneLine(finalMessage, 60);
    }

    @Override
    public AgentReport finish(Integer exitCode, String stderrTail) {
        boolean ok = exitCode != null && exitCode == 0 && seen.errors().isEmpty();
        String reason = ok ? null : Observed.failureReason(seen.lastError() != null ? "error: " + seen.lastError()
                : exitCode == null ? "ended without an exit status" : null, exitCode, stderrTail, null);
        return new AgentReport(ok, reason, sessionId, finalMessage, Usage.NONE, List.of(), List.of(),
                seen.errors(), null);
    }
}
