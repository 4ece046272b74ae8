package dev.bgagents.agents.codex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.ApiErrors;
import dev.bgagents.agents.JsonLines;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.JsonEventParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

/**
 * Reads {@code codex exec --json}. The session is {@code thread.started.thread_id}; the final
 * message the last {@code agent_message} item; success a {@code turn.completed}; failure an
 * {@code error} then {@code turn.failed}. With the model server down codex prints reconnect
 * errors forever, so a run of them with no progress ends the job at once.
 */
final class CodexStreamParser extends JsonEventParser {
    /** Reconnect errors in a row, with nothing else happening, that mean nobody is listening. */
    static final int RECONNECTS_BEFORE_GIVING_UP = 3;

    private String lastMessage;
    private boolean completed;
    private String failure;
    private Usage usage = Usage.NONE;
    private int reconnectsInARow;
    private String lastReconnect;

    @Override
    protected void event(JsonNode node) {
        String type = node.path("type").asText();
        if (!type.equals("error")) {
            reconnectsInARow = 0;
        }
        switch (type) {
            case "thread.started" -> sessionId = node.path("thread_id").asText(null);
            case "item.started" -> started(node.path("item"));
            case "item.completed" -> item(node.path("item"));
            case "turn.completed" -> {
                completed = true;
                failure = null;
                JsonNode u = node.path("usage");
                usage = new Usage(JsonLines.longOrNull(u, "input_tokens"), JsonLines.longOrNull(u, "output_tokens"),
                        JsonLines.longOrNull(u, "cached_input_tokens"), null);
            }
            case "turn.failed" -> failure = node.path("error").path("message").asText("turn failed");
            case "error" -> error(node.path("message").asText(""));
            default -> {
            }
        }
    }

    @Override
    public boolean ended() {
        return completed;
    }

    /** codex reports usage per turn.completed only: one per exec run, so mid-run it is NONE. */
    @Override
    public Usage usageSoFar() {
        return usage;
    }

    private void started(JsonNode item) {
        if ("command_execution".equals(item.path("type").asText())) {
            seen.activity("$ " + Clip.oneLine(item.path("command").asText(), 60));
        }
    }

    private void item(JsonNode item) {
        switch (item.path("type").asText()) {
            case "agent_message" -> {
                lastMessage = item.path("text").asText();
                seen.said(lastMessage);
            }
            case "file_change" -> {
                for (JsonNode change : item.path("changes")) {
                    seen.file(change.path("path").asText());
                    seen.activity(change.path("kind").asText("edit") + " " + change.path("path").asText());
                }
            }
            case "command_execution" -> {
                Integer code = item.hasNonNull("exit_code") ? item.get("exit_code").asInt() : null;
                seen.command(item.path("command").asText(), code, code != null && code != 0);
                seen.activity("$ " + Clip.oneLine(item.path("command").asText(), 60) + (code == null ? "" : " → " + code));
            }
            case "error" -> error(item.path("message").asText(""));
            default -> {
            }
        }
    }

    private void error(String message) {
        if (message.startsWith("Reconnecting")) {
            reconnectsInARow++;
            lastReconnect = message;
            return;
        }
        seen.error(message);
        seen.activity("error: " + Clip.oneLine(message, 60));
    }

    @Override
    public void stderrLine(String line) {
        // codex reports a missing provider key (env_key) and sandbox refusals only here
        if (line.contains("Missing environment variable") || line.contains("env_key")) {
            seen.error(line);
        }
    }

    @Override
    public String fatal() {
        return reconnectsInARow >= RECONNECTS_BEFORE_GIVING_UP
                ? "model server unreachable: codex keeps reconnecting (" + Clip.oneLine(lastReconnect, 100) + ")"
                : null;
    }

    @Override
    public AgentReport finish(Integer exitCode, String stderrTail) {
        boolean ok = completed && failure == null && (exitCode == null || exitCode == 0);
        String reason = null;
        if (!ok) {
            String stated = failure != null ? ApiErrors.explain(failure)
                    : seen.lastError() != null ? ApiErrors.explain(seen.lastError()) : null;
            reason = Observed.failureReason(stated, exitCode, stderrTail, "cut off: codex ended without turn.completed");
        }
        return new AgentReport(ok, reason, sessionId, lastMessage, usage, seen.files(), seen.commands(),
                seen.errorsOr(ok, stderrTail), null);
    }
}
