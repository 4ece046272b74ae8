package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claude Code: {@code claude -p --output-format stream-json --verbose}. The stream's last line
 * is {@code type:"result"}; API errors still say {@code subtype:"success"}, so success is
 * {@code is_error == false} and {@code terminal_reason == "completed"}.
 */
public final class ClaudeCli implements AgentCli {

    /** Past this size a prompt goes on stdin: one argv string is capped at 128 KiB on Linux. */
    static final int MAX_ARGV_PROMPT_BYTES = 16 * 1024;


    @Override
    public String name() {
        return "claude";
    }

    @Override
    public String installHint() {
        return "npm install -g @anthropic-ai/claude-code";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        argv.add("-p");
        boolean stdin = request.prompt().getBytes(StandardCharsets.UTF_8).length > MAX_ARGV_PROMPT_BYTES
                // a leading dash would be read as an option
                || request.prompt().startsWith("-");
        argv.addAll(List.of("--output-format", "stream-json", "--verbose"));
        Map<String, String> env = new HashMap<>();
        switch (request.permissions()) {
            case READ_ONLY -> argv.addAll(List.of("--permission-mode", "plan"));
            case WORKSPACE_WRITE -> argv.addAll(List.of("--permission-mode", "acceptEdits"));
            case FULL -> {
                argv.add("--dangerously-skip-permissions");
                // claude refuses that flag as root unless told it is sandboxed
                if ("root".equals(System.getProperty("user.name"))) {
                    env.put("IS_SANDBOX", "1");
                }
            }
        }
        if (request.model() != null) {
            argv.addAll(List.of("--model", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.addAll(List.of("--resume", request.resumeSessionId()));
        }
        if (!stdin) {
            argv.add(request.prompt());
        }
        // a host Claude Code exports these; a nested claude would think it runs inside the host
        return new Invocation(argv, env,
                List.of("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CLAUDE_CODE_SSE_PORT"), stdin);
    }

    @Override
    public String missingCredentials(Map<String, String> env, Path home) {
        if (Credentials.anyEnv(env, "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN")) {
            return null;
        }
        Path dir = env.containsKey("CLAUDE_CONFIG_DIR") ? Path.of(env.get("CLAUDE_CONFIG_DIR")) : home.resolve(".claude");
        return java.nio.file.Files.exists(dir.resolve(".credentials.json")) ? null
                : "no ANTHROPIC_API_KEY and not logged in: set the key or run `claude /login`";
    }

    @Override
    public StreamParser newParser() {
        return new Parser();
    }

    static final class Parser implements StreamParser {
        private static final int MAX_LISTED = 200;

        private String sessionId;
        private String lastActivity;
        private String lastAssistantText;
        private JsonNode result;
        private final Set<String> files = new LinkedHashSet<>();
        private final List<CommandRun> commands = new ArrayList<>();
        private final Map<String, Integer> commandByToolUse = new HashMap<>();
        private final List<String> errors = new ArrayList<>();

        @Override
        public void line(String line) {
            JsonNode node = JsonLines.parse(line);
            if (node == null) {
                return;
            }
            if (node.hasNonNull("session_id")) {
                sessionId = node.get("session_id").asText();
            }
            switch (node.path("type").asText()) {
                case "assistant" -> assistant(node.path("message").path("content"));
                case "user" -> toolResults(node.path("message").path("content"));
                case "result" -> result = node;
                default -> {
                }
            }
        }

        private void assistant(JsonNode content) {
            for (JsonNode block : content) {
                switch (block.path("type").asText()) {
                    case "text" -> {
                        String text = block.path("text").asText();
                        if (!text.isBlank()) {
                            lastAssistantText = text;
                            lastActivity = "said: " + Clip.oneLine(text, 60);
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
                    if (!path.isEmpty() && files.size() < MAX_LISTED) {
                        files.add(path);
                    }
                    lastActivity = tool + " " + path;
                }
                case "Bash" -> {
                    String command = input.path("command").asText();
                    if (commands.size() < MAX_LISTED) {
                        commandByToolUse.put(block.path("id").asText(), commands.size());
                        commands.add(new CommandRun(command, null, false));
                    }
                    lastActivity = "Bash: " + Clip.oneLine(command, 60);
                }
                default -> lastActivity = tool;
            }
        }

        private void toolResults(JsonNode content) {
            for (JsonNode block : content) {
                if (!"tool_result".equals(block.path("type").asText())) {
                    continue;
                }
                Integer index = commandByToolUse.get(block.path("tool_use_id").asText());
                if (index != null && block.path("is_error").asBoolean(false)) {
                    CommandRun run = commands.get(index);
                    commands.set(index, new CommandRun(run.command(), exitCodeOf(block.path("content")), true));
                } else if (index != null) {
                    CommandRun run = commands.get(index);
                    commands.set(index, new CommandRun(run.command(), 0, false));
                }
            }
        }

        /** Claude's Bash tool reports a failing command as "Exit code N" at the top of its result. */
        private static Integer exitCodeOf(JsonNode content) {
            String text = content.isTextual() ? content.asText()
                    : content.isArray() && content.size() > 0 ? content.get(0).path("text").asText() : "";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Exit code (\\d+)").matcher(text);
            return m.find() ? Integer.valueOf(m.group(1)) : null;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public String lastActivity() {
            return lastActivity;
        }

        @Override
        public AgentReport finish(Integer exitCode, String stderrTail) {
            if (result == null) {
                String reason = exitCode == null ? "ended without a result event"
                        : exitCode == 0 ? "cut off: exited 0 without a final result event"
                        : AgentReport.exitReason(exitCode, stderrTail);
                List<String> errs = new ArrayList<>(errors);
                String stderrLine = Clip.lastLine(stderrTail);
                if (stderrLine != null) {
                    errs.add(Clip.oneLine(stderrLine, 300));
                }
                return new AgentReport(false, reason, sessionId, lastAssistantText, Usage.NONE,
                        List.copyOf(files), commands, errs, null);
            }
            String message = result.hasNonNull("result") ? result.get("result").asText() : lastAssistantText;
            boolean isError = result.path("is_error").asBoolean(false);
            String terminal = result.path("terminal_reason").asText(null);
            String subtype = result.path("subtype").asText("");
            List<String> errs = new ArrayList<>(errors);
            result.path("errors").forEach(e -> errs.add(Clip.oneLine(e.asText(), 300)));
            boolean ok = !isError && "success".equals(subtype)
                    && (terminal == null || "completed".equals(terminal))
                    && (exitCode == null || exitCode == 0);
            String reason = ok ? null : failureReason(isError, subtype, terminal, message, exitCode);
            if (!ok && message != null && isError) {
                errs.add(Clip.oneLine(message, 300));
            }
            JsonNode u = result.path("usage");
            Usage usage = new Usage(JsonLines.longOrNull(u, "input_tokens"), JsonLines.longOrNull(u, "output_tokens"),
                    JsonLines.longOrNull(u, "cache_read_input_tokens"),
                    result.hasNonNull("total_cost_usd") ? result.get("total_cost_usd").asDouble() : null);
            Integer turns = result.hasNonNull("num_turns") ? result.get("num_turns").asInt() : null;
            return new AgentReport(ok, reason, sessionId, message, usage, List.copyOf(files), commands,
                    errs, turns);
        }

        private String failureReason(boolean isError, String subtype, String terminal, String message,
                                     Integer exitCode) {
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
                return "stopped at the turn limit (max_turns)";
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
}
