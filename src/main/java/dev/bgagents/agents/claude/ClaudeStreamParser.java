package dev.bgagents.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.ApiErrors;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.JsonEventParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code claude -p --output-format stream-json}. The stream's last line is
 * {@code type:"result"}; API errors still say {@code subtype:"success"}, so success is
 * {@code is_error == false} and {@code terminal_reason == "completed"}.
 */
final class ClaudeStreamParser extends JsonEventParser {
    /** Claude's Bash tool reports a failing command as "Exit code N" at the top of its result. */
    private static final Pattern EXIT_CODE = Pattern.compile("^Exit code (\\d+)");

    /** How the relay words a deny (dev.bgagents.relay.Approvals). */
    private static final Pattern RELAY_DENIAL = Pattern.compile("^(denied by the person|no answer within \\d+ s: denied|denied: )");

    /** Claude reports "Reached maximum number of turns (N)". */
    private static final Pattern TURN_LIMIT = Pattern.compile("turns \\((\\d+)\\)");

    private final Map<String, Integer> commandByToolUse = new HashMap<>();
    /** What each tool call was, as its activity line, for a denial to name it. */
    private final Map<String, String> toolByUse = new HashMap<>();
    /** Tool calls the job's relay denied (a person, or no answer in time): the summary says so. */
    private final List<String> denials = new ArrayList<>();
    private String lastAssistantText;
    private JsonNode result;
    private final ClaudeUsage usage = new ClaudeUsage();
    /** A result came and no turn started after it. */
    private boolean betweenTurns;
    /** claude's own mark of an interrupt ("[Request interrupted by user…]") in the turn the last result ended. */
    private boolean interrupted;

    @Override
    protected void event(JsonNode node) {
        if (node.hasNonNull("session_id")) {
            sessionId = node.get("session_id").asText();
        }
        switch (node.path("type").asText()) {
            case "assistant" -> {
                if (betweenTurns) {
                    betweenTurns = false;
                    interrupted = false;
                }
                usage.message(node.path("message"));
                assistant(node.path("message").path("content"));
            }
            case "user" -> {
                toolResults(node.path("message").path("content"));
                interrupted |= node.path("message").path("content").toString().contains("[Request interrupted by user");
            }
            case "result" -> {
                usage.turnEnded(result);
                result = node;
                betweenTurns = true;
                if (!node.path("is_error").asBoolean(false) && node.hasNonNull("result")) {
                    seen.answered(node.get("result").asText());
                }
            }
            default -> {
            }
        }
    }

    /** The result's totals once it came (they alone carry the cost); before, the sum of the messages' usage. */
    @Override
    public Usage usageSoFar() {
        return usage.soFar(result, betweenTurns);
    }

    /** Ended until a message sent through the relay starts another turn. */
    @Override
    public boolean ended() {
        return result != null && betweenTurns;
    }

    /** The model's messages so far (the result's num_turns counts differently: it stays the final figure). */
    @Override
    public Integer turnsSoFar() {
        return usage.messages();
    }

    private void assistant(JsonNode content) {
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    String text = block.path("text").asText();
                    if (!text.isBlank()) {
                        lastAssistantText = text;
                        seen.said(text);
                    }
                }
                case "tool_use" -> toolUse(block);
                default -> {
                }
            }
        }
    }

    private void toolUse(JsonNode block) {
        String tool = block.path("name").asText();
        JsonNode input = block.path("input");
        switch (tool) {
            case "Write", "Edit", "MultiEdit", "NotebookEdit" -> {
                String path = input.path("file_path").asText(input.path("notebook_path").asText());
                seen.file(path);
                seen.activity(tool + " " + path);
            }
            case "Bash" -> {
                String command = input.path("command").asText();
                int index = seen.command(command, null, false);
                if (index >= 0) {
                    commandByToolUse.put(block.path("id").asText(), index);
                }
                seen.activity("Bash: " + Clip.oneLine(command, 60));
            }
            default -> seen.activity(tool);
        }
        toolByUse.put(block.path("id").asText(), seen.lastActivity());
    }

    private void toolResults(JsonNode content) {
        for (JsonNode block : content) {
            if (!"tool_result".equals(block.path("type").asText())) {
                continue;
            }
            String said = textOf(block.path("content"));
            if (block.path("is_error").asBoolean(false) && RELAY_DENIAL.matcher(said).find()) {
                denials.add(toolByUse.getOrDefault(block.path("tool_use_id").asText(), "a tool") + " — "
                        + Clip.oneLine(said, 200));
            }
            Integer index = commandByToolUse.get(block.path("tool_use_id").asText());
            if (index == null) {
                continue;
            }
            if (block.path("is_error").asBoolean(false)) {
                seen.commandEnded(index, exitCodeOf(block.path("content")), true);
            } else {
                seen.commandEnded(index, 0, false);
            }
        }
    }

    private static String textOf(JsonNode content) {
        return content.isTextual() ? content.asText()
                : content.isArray() && content.size() > 0 ? content.get(0).path("text").asText() : "";
    }

    private static Integer exitCodeOf(JsonNode content) {
        Matcher m = EXIT_CODE.matcher(textOf(content));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    @Override
    public AgentReport finish(Integer exitCode, String stderrTail) {
        if (result == null) {
            String reason = Observed.failureReason(exitCode == null ? "ended without a result event" : null, exitCode,
                    stderrTail, "cut off: exited 0 without a final result event");
            return new AgentReport(false, reason, sessionId, lastAssistantText, Usage.NONE, seen.files(),
                    seen.commands(), seen.errorsOr(false, stderrTail), null);
        }
        String message = result.hasNonNull("result") ? result.get("result").asText() : lastAssistantText;
        boolean isError = result.path("is_error").asBoolean(false);
        String terminal = result.path("terminal_reason").asText(null);
        String subtype = result.path("subtype").asText("");
        List<String> errs = new ArrayList<>(denials);
        result.path("errors").forEach(e -> errs.add(Clip.oneLine(e.asText(), 300)));
        // a person's interrupt with nothing to go on with ends the job where it stood, its work kept; claude then
        // exits 1 once the relay closes its stdin (measured with 2.1.197)
        boolean stoppedByPerson = interrupted && "error_during_execution".equals(subtype)
                && (exitCode == null || exitCode == 0 || exitCode == 1);
        if (stoppedByPerson) {
            message = lastAssistantText;
        }
        boolean ok = stoppedByPerson || !isError && "success".equals(subtype)
                && (terminal == null || "completed".equals(terminal))
                && (exitCode == null || exitCode == 0);
        String reason = stoppedByPerson ? "interrupted: its turn was stopped on request, its work so far kept"
                : ok ? null : failureReason(isError, subtype, terminal, message, exitCode);
        if (!ok && message != null && isError) {
            errs.add(Clip.oneLine(message, 300));
        }
        Integer turns = result.hasNonNull("num_turns") ? result.get("num_turns").asInt() : null;
        return new AgentReport(ok, reason, sessionId, message, usage.total(result), seen.files(), seen.commands(), errs,
                turns);
    }

    private String failureReason(boolean isError, String subtype, String terminal, String message, Integer exitCode) {
        if (message != null && message.contains("Not logged in")) {
            return "claude is not logged in: run `claude /login` or set ANTHROPIC_API_KEY";
        }
        if (message != null && message.contains("No conversation found")) {
            return "session not found: " + Clip.oneLine(message, 120);
        }
        if (result.hasNonNull("api_error_status")) {
            return ApiErrors.explain("HTTP " + result.get("api_error_status").asText() + ": " + message);
        }
        if ("error_max_turns".equals(subtype)) {
            Matcher m = TURN_LIMIT.matcher(result.path("errors").toString());
            return "over budget: max_turns" + (m.find() ? " " + m.group(1) : "") + " reached: claude stopped at its turn limit";
        }
        if (subtype.startsWith("error")) {
            return "claude ended with " + subtype;
        }
        if (terminal != null && !"completed".equals(terminal)) {
            return "claude stopped early: terminal_reason " + terminal;
        }
        if (isError) {
            return ApiErrors.explain(message);
        }
        return "claude exited " + exitCode + " after reporting success";
    }
}
