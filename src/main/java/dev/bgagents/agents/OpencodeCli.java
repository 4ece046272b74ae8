package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * opencode: {@code opencode run --format json --dir DIR}, prompt on stdin. Every event carries
 * {@code sessionID}; the final message is the text before the {@code step_finish} whose reason
 * is {@code stop}. It retries 429s, 5xx and a refused connection forever without a word on
 * stdout, so it runs with its logs on stderr, where the retries show.
 */
public final class OpencodeCli implements AgentCli {
    /** Retries logged with no step finished in between that mean it will not get through. */
    static final int RETRIES_BEFORE_GIVING_UP = 3;
    private static final java.util.regex.Pattern LOGGED_FAILURE = java.util.regex.Pattern.compile(" error=\"([^\"]*)\"");
    private static final java.util.regex.Pattern LOGGED_ERROR = java.util.regex.Pattern.compile("error\\.error=\"([^\"]*)\"");

    @Override
    public String name() {
        return "opencode";
    }

    @Override
    public String installHint() {
        return "npm install -g opencode-ai";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        argv.addAll(List.of("run", "--format", "json", "--dir", request.workdir().toString(),
                "--print-logs", "--log-level", "WARN"));
        if (request.model() != null) {
            argv.addAll(List.of("-m", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.addAll(List.of("--session", request.resumeSessionId()));
        }
        String permission = switch (request.permissions()) {
            case READ_ONLY -> "{\"edit\":\"deny\",\"bash\":\"deny\",\"webfetch\":\"deny\"}";
            case WORKSPACE_WRITE -> "{\"edit\":\"allow\",\"bash\":\"allow\"}";
            case FULL -> "{\"edit\":\"allow\",\"bash\":\"allow\",\"webfetch\":\"allow\",\"external_directory\":\"allow\"}";
        };
        if (request.permissions() == Permissions.FULL) {
            argv.add("--auto");
        }
        return new Invocation(argv, Map.of("OPENCODE_PERMISSION", permission), List.of(), true);
    }

    @Override
    public String missingCredentials(Map<String, String> env, Path home) {
        Path data = env.containsKey("XDG_DATA_HOME") ? Path.of(env.get("XDG_DATA_HOME")) : home.resolve(".local/share");
        if (java.nio.file.Files.exists(data.resolve("opencode/auth.json")) || env.containsKey("OPENCODE_CONFIG")
                || Credentials.anyEnv(env, "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENCODE_API_KEY")) {
            return null;
        }
        return "no provider credentials: run `opencode auth login` or set a provider key";
    }

    @Override
    public StreamParser newParser() {
        return new Parser();
    }

    static final class Parser implements StreamParser {
        private static final int MAX_LISTED = 200;

        private String sessionId;
        private String lastText;
        private String finalMessage;
        private String lastActivity;
        private boolean stopped;
        private long inputTokens;
        private long outputTokens;
        private double cost;
        private boolean sawUsage;
        private final Set<String> files = new LinkedHashSet<>();
        private final List<CommandRun> commands = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        /** The last {@code error} event: the run failed. A failed tool call alone does not fail it. */
        private String errorEvent;
        private String loggedFailure;
        private int retriesSinceProgress;
        private String lastRetry;

        @Override
        public void line(String line) {
            JsonNode node = JsonLines.parse(line);
            if (node == null) {
                return;
            }
            if (node.hasNonNull("sessionID")) {
                sessionId = node.get("sessionID").asText();
            }
            JsonNode part = node.path("part");
            switch (node.path("type").asText()) {
                case "text" -> {
                    lastText = part.path("text").asText();
                    lastActivity = "said: " + Clip.oneLine(lastText, 60);
                }
                case "tool_use" -> tool(part);
                case "step_finish" -> {
                    retriesSinceProgress = 0;
                    JsonNode t = part.path("tokens");
                    inputTokens += t.path("input").asLong();
                    outputTokens += t.path("output").asLong();
                    cost += part.path("cost").asDouble();
                    sawUsage = true;
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
                    if (errors.size() < 50) {
                        errors.add(errorEvent);
                    }
                }
                default -> {
                }
            }
        }

        private void tool(JsonNode part) {
            String tool = part.path("tool").asText();
            JsonNode state = part.path("state");
            JsonNode input = state.path("input");
            if (input.hasNonNull("filePath") && (tool.equals("write") || tool.equals("edit") || tool.equals("patch"))) {
                if (files.size() < MAX_LISTED) {
                    files.add(input.get("filePath").asText());
                }
                lastActivity = tool + " " + input.get("filePath").asText();
            } else if (tool.equals("bash") && input.hasNonNull("command")) {
                Integer code = state.path("metadata").hasNonNull("exit") ? state.path("metadata").get("exit").asInt() : null;
                boolean failed = "error".equals(state.path("status").asText()) || (code != null && code != 0);
                if (commands.size() < MAX_LISTED) {
                    commands.add(new CommandRun(input.get("command").asText(), code, failed));
                }
                lastActivity = "$ " + Clip.oneLine(input.get("command").asText(), 60);
            } else {
                lastActivity = tool;
            }
            if ("error".equals(state.path("status").asText()) && errors.size() < 50) {
                errors.add(Clip.oneLine(tool + ": " + state.path("error").asText(), 300));
            }
        }

        @Override
        public void stderrLine(String line) {
            // with --print-logs each failed call to the model is logged as a "stream error" before the retry
            if (line.contains("level=ERROR") && line.contains("message=failed")) {
                // the stream only says "Unexpected server error"; the log says what failed
                java.util.regex.Matcher m = LOGGED_FAILURE.matcher(line);
                if (m.find()) {
                    loggedFailure = m.group(1);
                }
            }
            if (line.contains("level=ERROR") && line.contains("message=\"stream error\"")) {
                retriesSinceProgress++;
                java.util.regex.Matcher m = LOGGED_ERROR.matcher(line);
                lastRetry = m.find() ? m.group(1) : line;
            }
        }

        @Override
        public String fatal() {
            return retriesSinceProgress >= RETRIES_BEFORE_GIVING_UP
                    ? ApiErrors.explain(lastRetry) + " (opencode keeps retrying)" : null;
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
            boolean ok = stopped && errorEvent == null && (exitCode == null || exitCode == 0);
            String reason = null;
            if (!ok) {
                String last = errorEvent;
                if (last != null && last.startsWith("Unexpected server error") && loggedFailure != null) {
                    errors.add(Clip.oneLine(loggedFailure, 300));
                    reason = ApiErrors.explain(loggedFailure);
                } else if (last != null) {
                    reason = ApiErrors.explain(last);
                } else if (exitCode != null && exitCode != 0) {
                    reason = AgentReport.exitReason(exitCode, stderrTail);
                } else {
                    reason = "cut off: opencode ended before a final step";
                }
            }
            Usage usage = sawUsage ? new Usage(inputTokens, outputTokens, null, cost) : Usage.NONE;
            return new AgentReport(ok, reason, sessionId, finalMessage != null ? finalMessage : lastText, usage,
                    List.copyOf(files), commands, errors, null);
        }
    }
}
