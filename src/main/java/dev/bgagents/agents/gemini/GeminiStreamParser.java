package dev.bgagents.agents.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.ApiErrors;
import dev.bgagents.agents.JsonLines;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.JsonEventParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code gemini -o stream-json}. The session is {@code init.session_id}; the final
 * message the assistant deltas after the last tool call; success {@code result.status ==
 * "success"}. Its exit codes name auth, config, turn limit and HTTP errors ({@link GeminiCli#exitMeaning}).
 */
final class GeminiStreamParser extends JsonEventParser {
    /** Failed model calls in a row that end the run instead of waiting out gemini's backoff. */
    static final int RETRIES_BEFORE_GIVING_UP = 3;
    private static final int MAX_MESSAGE_CHARS = 1_000_000;

    private final Map<String, Integer> commandByTool = new HashMap<>();
    private final StringBuilder message = new StringBuilder();
    private JsonNode result;
    /** A model response begins with its first message or tool call after the prompt or a tool result. */
    private boolean inResponse;
    private int responses;
    private int failedAttempts;
    private String lastAttempt;

    @Override
    public void stderrLine(String line) {
        // gemini retries failed model calls with backoff for minutes, logging each attempt here
        if (line.startsWith("Attempt ") && line.contains(" failed")) {
            failedAttempts++;
            lastAttempt = line;
        }
    }

    @Override
    public String fatal() {
        return failedAttempts >= RETRIES_BEFORE_GIVING_UP
                ? ApiErrors.explain(lastAttempt) + " (gemini keeps retrying)" : null;
    }

    @Override
    protected void event(JsonNode node) {
        if (!node.path("type").asText().equals("init")) {
            failedAttempts = 0; // the model answered
        }
        countResponse(node);
        switch (node.path("type").asText()) {
            case "init" -> sessionId = node.path("session_id").asText(null);
            case "message" -> {
                if ("assistant".equals(node.path("role").asText())) {
                    if (!node.path("delta").asBoolean(false)) {
                        seen.endNarration(); // a whole new message: the one before it has ended
                        message.setLength(0);
                    }
                    if (message.length() < MAX_MESSAGE_CHARS) {
                        message.append(node.path("content").asText());
                    }
                    seen.saying(message.toString());
                }
            }
            case "tool_use" -> toolUse(node);
            case "tool_result" -> toolResult(node);
            case "error" -> seen.error(node.path("message").asText(node.path("error").path("message").asText(node.toString())));
            case "result" -> {
                result = node;
                seen.endNarration(); // its reply is whole
            }
            default -> {
            }
        }
    }

    private void countResponse(JsonNode node) {
        String type = node.path("type").asText();
        boolean fromModel = type.equals("tool_use")
                || (type.equals("message") && "assistant".equals(node.path("role").asText()));
        if (fromModel && !inResponse) {
            responses++;
        }
        inResponse = fromModel || (inResponse && !type.equals("tool_result") && !type.equals("message"));
    }

    @Override
    public boolean ended() {
        return result != null;
    }

    /** gemini has no turn flag (maxSessionTurns lives in settings.json): its model responses are counted. */
    @Override
    public Integer turnsSoFar() {
        return responses;
    }

    private void toolUse(JsonNode node) {
        // what the agent says after its last tool call is its answer
        message.setLength(0);
        String tool = node.path("tool_name").asText();
        JsonNode p = node.path("parameters");
        if (p.hasNonNull("file_path") && (tool.contains("write") || tool.contains("replace") || tool.contains("edit"))) {
            seen.file(p.get("file_path").asText());
            seen.activity(tool + " " + p.get("file_path").asText());
        } else if (p.hasNonNull("command")) {
            int index = seen.command(p.get("command").asText(), null, false);
            if (index >= 0) {
                commandByTool.put(node.path("tool_id").asText(), index);
            }
            seen.activity("$ " + Clip.oneLine(p.get("command").asText(), 60));
        } else {
            seen.activity(tool);
        }
    }

    private void toolResult(JsonNode node) {
        Integer index = commandByTool.get(node.path("tool_id").asText());
        boolean failed = "error".equals(node.path("status").asText());
        if (index != null) {
            seen.commandEnded(index, failed ? null : 0, failed);
        }
        if (failed) {
            seen.error(node.path("error").path("message").asText("tool failed"));
        }
    }

    @Override
    public AgentReport finish(Integer exitCode, String stderrTail) {
        String finalMessage = message.length() == 0 ? null : message.toString();
        boolean ok = result != null && "success".equals(result.path("status").asText())
                && (exitCode == null || exitCode == 0);
        String reason = null;
        List<String> errs = seen.errorsOr(ok, stderrTail);
        if (!ok) {
            String stated;
            if (result != null && result.has("error")) {
                String m = result.path("error").path("message").asText("error");
                errs = new java.util.ArrayList<>(seen.errors());
                errs.add(Clip.oneLine(m, 300));
                stated = result.path("error").path("type").asText("").contains("TurnLimited")
                        ? "stopped at the turn limit: " + Clip.oneLine(m, 120) : ApiErrors.explain(m);
            } else {
                String meaning = exitCode == null ? null : GeminiCli.exitMeaning(exitCode);
                stated = meaning != null ? meaning
                        : seen.lastError() != null ? ApiErrors.explain(seen.lastError()) : null;
            }
            reason = Observed.failureReason(stated, exitCode, stderrTail, "cut off: gemini ended without a result event");
        }
        Usage usage = Usage.NONE;
        if (result != null) {
            JsonNode st = result.path("stats");
            usage = new Usage(JsonLines.longOrNull(st, "input_tokens"), JsonLines.longOrNull(st, "output_tokens"),
                    JsonLines.longOrNull(st, "cached"), null);
        }
        return new AgentReport(ok, reason, sessionId, finalMessage, usage, seen.files(), seen.commands(), errs, null);
    }
}
