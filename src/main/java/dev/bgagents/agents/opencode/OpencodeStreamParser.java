package dev.bgagents.agents.opencode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.ApiErrors;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.JsonEventParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code opencode run --format json}. Every event carries {@code sessionID}; the final
 * message is the text before the {@code step_finish} whose reason is {@code stop}. It retries
 * 429s, 5xx and a refused connection forever without a word on stdout; its logs on stderr show
 * the retries, and a run of them ends the job.
 */
final class OpencodeStreamParser extends JsonEventParser {
    /** Retries logged with no step finished in between that mean it will not get through. */
    static final int RETRIES_BEFORE_GIVING_UP = 3;
    private static final Pattern LOGGED_FAILURE = Pattern.compile(" error=\"([^\"]*)\"");
    private static final Pattern LOGGED_ERROR = Pattern.compile("error\\.error=\"([^\"]*)\"");

    private String lastText;
    private String finalMessage;
    private boolean stopped;
    private long inputTokens;
    private long outputTokens;
    private double cost;
    private boolean sawUsage;
    private int steps;
    /** The last {@code error} event: the run failed. A failed tool call alone does not fail it. */
    private String errorEvent;
    private String loggedFailure;
    private int retriesSinceProgress;
    private String lastRetry;

    @Override
    protected void event(JsonNode node) {
        if (node.hasNonNull("sessionID")) {
            sessionId = node.get("sessionID").asText();
        }
        JsonNode part = node.path("part");
        switch (node.path("type").asText()) {
            case "text" -> {
                lastText = part.path("text").asText();
                seen.said(lastText);
            }
            case "tool_use" -> tool(part);
            case "step_finish" -> {
                retriesSinceProgress = 0;
                JsonNode t = part.path("tokens");
                inputTokens += t.path("input").asLong();
                outputTokens += t.path("output").asLong();
                cost += part.path("cost").asDouble();
                sawUsage = true;
                steps++;
                if ("stop".equals(part.path("reason").asText())) {
                    stopped = true;
                    finalMessage = lastText;
                }
            }
            case "error" -> {
                JsonNode e = node.path("error");
                String m = e.path("data").path("message").asText(e.path("name").asText("error"));
                int status = e.path("data").path("statusCode").asInt(0);
                errorEvent = Clip.oneLine(status > 0 ? "HTTP " + status + ": " + m : m, 300);
                seen.error(errorEvent);
            }
            default -> {
            }
        }
    }

    /** Each step_finish reports that step's tokens and cost, so the sums grow while it runs. */
    @Override
    public Usage usageSoFar() {
        return sawUsage ? new Usage(inputTokens, outputTokens, null, cost) : Usage.NONE;
    }

    @Override
    public boolean ended() {
        return stopped;
    }

    /** A step is one model call. */
    @Override
    public Integer turnsSoFar() {
        return steps;
    }

    private void tool(JsonNode part) {
        String tool = part.path("tool").asText();
        JsonNode state = part.path("state");
        JsonNode input = state.path("input");
        if (input.hasNonNull("filePath") && (tool.equals("write") || tool.equals("edit") || tool.equals("patch"))) {
            seen.file(input.get("filePath").asText());
            seen.activity(tool + " " + input.get("filePath").asText());
        } else if (tool.equals("bash") && input.hasNonNull("command")) {
            Integer code = state.path("metadata").hasNonNull("exit") ? state.path("metadata").get("exit").asInt() : null;
            boolean failed = "error".equals(state.path("status").asText()) || (code != null && code != 0);
            seen.command(input.get("command").asText(), code, failed);
            seen.activity("$ " + Clip.oneLine(input.get("command").asText(), 60));
        } else {
            seen.activity(tool);
        }
        if ("error".equals(state.path("status").asText())) {
            seen.error(tool + ": " + state.path("error").asText());
        }
    }

    @Override
    public void stderrLine(String line) {
        // with --print-logs each failed call to the model is logged as a "stream error" before the retry
        if (line.contains("level=ERROR") && line.contains("message=failed")) {
            // the stream only says "Unexpected server error"; the log says what failed
            Matcher m = LOGGED_FAILURE.matcher(line);
            if (m.find()) {
                loggedFailure = m.group(1);
            }
        }
        if (line.contains("level=ERROR") && line.contains("message=\"stream error\"")) {
            retriesSinceProgress++;
            Matcher m = LOGGED_ERROR.matcher(line);
            lastRetry = m.find() ? m.group(1) : line;
        }
    }

    @Override
    public String fatal() {
        return retriesSinceProgress >= RETRIES_BEFORE_GIVING_UP
                ? ApiErrors.explain(lastRetry) + " (opencode keeps retrying)" : null;
    }

    @Override
    public AgentReport finish(Integer exitCode, String stderrTail) {
        boolean ok = stopped && errorEvent == null && (exitCode == null || exitCode == 0);
        String reason = null;
        List<String> errors = new ArrayList<>(seen.errors());
        if (!ok) {
            String stated = null;
            if (errorEvent != null && errorEvent.startsWith("Unexpected server error") && loggedFailure != null) {
                errors.add(Clip.oneLine(loggedFailure, 300));
                stated = ApiErrors.explain(loggedFailure);
            } else if (errorEvent != null) {
                stated = ApiErrors.explain(errorEvent);
            }
            reason = Observed.failureReason(stated, exitCode, stderrTail, "cut off: opencode ended before a final step");
        }
        Usage usage = sawUsage ? new Usage(inputTokens, outputTokens, null, cost) : Usage.NONE;
        return new AgentReport(ok, reason, sessionId, finalMessage != null ? finalMessage : lastText, usage,
                seen.files(), seen.commands(), errors, null);
    }
}
