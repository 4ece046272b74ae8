package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gemini CLI: {@code gemini -o stream-json --skip-trust}, prompt on stdin. The session is
 * {@code init.session_id}; the final message the assistant deltas after the last tool call;
 * success {@code result.status == "success"}. Its exit codes name auth (41), config (52),
 * turn limit (53) and HTTP errors (status & 0xFF).
 */
public final class GeminiCli implements AgentCli {
    /** Failed model calls in a row that end the run instead of waiting out gemini's backoff. */
    static final int RETRIES_BEFORE_GIVING_UP = 3;

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public String installHint() {
        return "npm install -g @google/gemini-cli";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        // without --skip-trust a headless run in an untrusted folder exits 55
        argv.addAll(List.of("-o", "stream-json", "--skip-trust"));
        argv.addAll(List.of("--approval-mode", switch (request.permissions()) {
            case READ_ONLY -> "default";
            case WORKSPACE_WRITE -> "auto_edit";
            case FULL -> "yolo";
        }));
        if (request.model() != null) {
            argv.addAll(List.of("-m", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.addAll(List.of("--resume", request.resumeSessionId()));
        }
        // -p "" selects headless mode; the prompt itself comes on stdin, which gemini reads first
        argv.addAll(List.of("-p", ""));
        return new Invocation(argv, Map.of(), List.of(), true);
    }

    @Override
    public String missingCredentials(Map<String, String> env, Path home) {
        if (Credentials.anyEnv(env, "GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI")
                || java.nio.file.Files.exists(home.resolve(".gemini/oauth_creds.json"))) {
            return null;
        }
        return "no GEMINI_API_KEY and not logged in: set the key or run gemini once to log in";
    }

    @Override
    public StreamParser newParser() {
        return new Parser();
    }

    /** What gemini's documented exit codes mean. */
    static String exitMeaning(int code) {
        return switch (code) {
            case 41 -> "gemini is not authenticated: set GEMINI_API_KEY or log in (exit 41)";
            case 42 -> "gemini rejected its input (exit 42)";
            case 44 -> "gemini's sandbox failed (exit 44)";
            case 52 -> "gemini's configuration is invalid (exit 52)";
            case 53 -> "gemini hit its turn limit (exit 53)";
            case 54 -> "a gemini tool failed (exit 54)";
            case 55 -> "gemini does not trust this folder (exit 55)";
            case 130 -> "gemini was cancelled (exit 130)";
            case 145 -> ApiErrors.explain("HTTP 401") + " (exit 145)";
            case 147 -> ApiErrors.explain("HTTP 403") + " (exit 147)";
            case 173 -> ApiErrors.explain("HTTP 429") + " (exit 173)";
            case 244, 246, 247 -> ApiErrors.explain("HTTP " + (code + 256)) + " (exit " + code + ")";
            default -> null;
        };
    }

    static final class Parser implements StreamParser {
        private static final int MAX_LISTED = 200;

        private String sessionId;
        private final StringBuilder message = new StringBuilder();
        private String lastActivity;
        private JsonNode result;
        private final Set<String> files = new LinkedHashSet<>();
        private final List<CommandRun> commands = new ArrayList<>();
        private final Map<String, Integer> commandByTool = new HashMap<>();
        private final List<String> errors = new ArrayList<>();
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
        public void line(String line) {
            JsonNode node = JsonLines.parse(line);
            if (node == null) {
                return;
            }
            if (!node.path("type").asText().equals("init")) {
                failedAttempts = 0; // the model answered
            }
            switch (node.path("type").asText()) {
                case "init" -> sessionId = node.path("session_id").asText(null);
                case "message" -> {
                    if ("assistant".equals(node.path("role").asText())) {
                        if (!node.path("delta").asBoolean(false)) {
                            message.setLength(0);
                        }
                        if (message.length() < 1_000_000) {
                            message.append(node.path("content").asText());
                        }
                        lastActivity = "said: " + Clip.oneLine(message.toString(), 60);
                    }
                }
                case "tool_use" -> toolUse(node);
                case "tool_result" -> toolResult(node);
                case "error" -> {
                    String m = node.path("message").asText(node.path("error").path("message").asText(line));
                    if (errors.size() < 50) {
                        errors.add(Clip.oneLine(m, 300));
                    }
                }
                case "result" -> result = node;
                default -> {
                }
            }
        }

        private void toolUse(JsonNode node) {
            // what the agent says after its last tool call is its answer
            message.setLength(0);
            String tool = node.path("tool_name").asText();
            JsonNode p = node.path("parameters");
            if (p.hasNonNull("file_path") && (tool.contains("write") || tool.contains("replace") || tool.contains("edit"))) {
                if (files.size() < MAX_LISTED) {
                    files.add(p.get("file_path").asText());
                }
                lastActivity = tool + " " + p.get("file_path").asText();
            } else if (p.hasNonNull("command")) {
                if (commands.size() < MAX_LISTED) {
                    commandByTool.put(node.path("tool_id").asText(), commands.size());
                    commands.add(new CommandRun(p.get("command").asText(), null, false));
                }
                lastActivity = "$ " + Clip.oneLine(p.get("command").asText(), 60);
            } else {
                lastActivity = tool;
            }
        }

        private void toolResult(JsonNode node) {
            Integer index = commandByTool.get(node.path("tool_id").asText());
            boolean failed = "error".equals(node.path("status").asText());
            if (index != null) {
                commands.set(index, new CommandRun(commands.get(index).command(), failed ? null : 0, failed));
            }
            if (failed && errors.size() < 50) {
                errors.add(Clip.oneLine(node.path("error").path("message").asText("tool failed"), 300));
            }
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
            String finalMessage = message.length() == 0 ? null : message.toString();
            boolean ok = result != null && "success".equals(result.path("status").asText())
                    && (exitCode == null || exitCode == 0);
            String reason = null;
            List<String> errs = new ArrayList<>(errors);
            if (!ok) {
                String meaning = exitCode == null ? null : exitMeaning(exitCode);
                if (result != null && result.has("error")) {
                    String m = result.path("error").path("message").asText("error");
                    errs.add(Clip.oneLine(m, 300));
                    reason = result.path("error").path("type").asText("").contains("TurnLimited")
                            ? "stopped at the turn limit: " + Clip.oneLine(m, 120) : ApiErrors.explain(m);
                } else if (meaning != null) {
                    reason = meaning;
                } else if (!errors.isEmpty()) {
                    reason = ApiErrors.explain(errors.get(errors.size() - 1));
                } else if (exitCode != null && exitCode != 0) {
                    reason = AgentReport.exitReason(exitCode, stderrTail);
                } else {
                    reason = "cut off: gemini ended without a result event";
                }
                String stderrLine = Clip.lastLine(stderrTail);
                if (stderrLine != null && errs.isEmpty()) {
                    errs.add(Clip.oneLine(stderrLine, 300));
                }
            }
            Usage usage = Usage.NONE;
            if (result != null) {
                JsonNode st = result.path("stats");
                usage = new Usage(st.hasNonNull("input_tokens") ? st.get("input_tokens").asLong() : null,
                        st.hasNonNull("output_tokens") ? st.get("output_tokens").asLong() : null,
                        st.hasNonNull("cached") ? st.get("cached").asLong() : null, null);
            }
            return new AgentReport(ok, reason, sessionId, finalMessage, usage, List.copyOf(files), commands, errs, null);
        }
    }
}
