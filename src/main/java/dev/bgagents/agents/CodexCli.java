package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Codex CLI: {@code codex exec --json -C DIR}. The session is {@code thread.started.thread_id};
 * the final message the last {@code agent_message} item; success a {@code turn.completed};
 * failure an {@code error} then {@code turn.failed}. With the model server down codex prints
 * reconnect errors forever, so a run of them with no progress ends the job at once.
 */
public final class CodexCli implements AgentCli {
    /** Reconnect errors in a row, with nothing else happening, that mean nobody is listening. */
    static final int RECONNECTS_BEFORE_GIVING_UP = 3;

    @Override
    public String name() {
        return "codex";
    }

    @Override
    public String installHint() {
        return "npm install -g @openai/codex";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        argv.add("exec");
        if (request.resumeSessionId() != null) {
            argv.add("resume");
        }
        argv.addAll(List.of("--json", "--skip-git-repo-check"));
        if (request.resumeSessionId() == null) {
            // resume has no -C: the job's working directory is the session's
            argv.addAll(List.of("-C", request.workdir().toString()));
        }
        switch (request.permissions()) {
            case READ_ONLY -> argv.addAll(sandbox(request, "read-only"));
            case WORKSPACE_WRITE -> argv.addAll(sandbox(request, "workspace-write"));
            case FULL -> argv.add("--dangerously-bypass-approvals-and-sandbox");
        }
        if (request.model() != null) {
            argv.addAll(List.of("-m", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.add(request.resumeSessionId());
        }
        // "-" reads the prompt from stdin: no size limit, no quoting, byte for byte
        argv.add("-");
        return new Invocation(argv, Map.of(), List.of(), true);
    }

    /** {@code exec resume} takes the sandbox as a config override rather than -s. */
    private static List<String> sandbox(AgentRequest request, String mode) {
        return request.resumeSessionId() == null ? List.of("-s", mode) : List.of("-c", "sandbox_mode=\"" + mode + "\"");
    }

    @Override
    public String missingCredentials(Map<String, String> env, Path home) {
        if (Credentials.anyEnv(env, "OPENAI_API_KEY", "CODEX_API_KEY")) {
            return null;
        }
        Path dir = env.containsKey("CODEX_HOME") ? Path.of(env.get("CODEX_HOME")) : home.resolve(".codex");
        if (java.nio.file.Files.exists(dir.resolve("auth.json"))) {
            return null;
        }
        // a custom model provider names the variable holding its key
        String keyVar = Credentials.tomlString(dir.resolve("config.toml"), "env_key");
        if (keyVar != null) {
            return Credentials.anyEnv(env, keyVar) ? null : "the model provider's env_key " + keyVar + " is not set";
        }
        return "no OPENAI_API_KEY and not logged in: set the key or run `codex login`";
    }

    @Override
    public StreamParser newParser() {
        return new Parser();
    }

    static final class Parser implements StreamParser {
        private static final int MAX_LISTED = 200;

        private String threadId;
        private String lastMessage;
        private String lastActivity;
        private boolean completed;
        private String failure;
        private Usage usage = Usage.NONE;
        private final Set<String> files = new LinkedHashSet<>();
        private final List<CommandRun> commands = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private int reconnectsInARow;
        private String lastReconnect;

        @Override
        public void line(String line) {
            JsonNode node = JsonLines.parse(line);
            if (node == null) {
                return;
            }
            String type = node.path("type").asText();
            if (!type.equals("error")) {
                reconnectsInARow = 0;
            }
            switch (type) {
                case "thread.started" -> threadId = node.path("thread_id").asText(null);
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

        private void started(JsonNode item) {
            if ("command_execution".equals(item.path("type").asText())) {
                lastActivity = "$ " + Clip.oneLine(item.path("command").asText(), 60);
            }
        }

        private void item(JsonNode item) {
            switch (item.path("type").asText()) {
                case "agent_message" -> {
                    lastMessage = item.path("text").asText();
                    lastActivity = "said: " + Clip.oneLine(lastMessage, 60);
                }
                case "file_change" -> {
                    for (JsonNode change : item.path("changes")) {
                        if (files.size() < MAX_LISTED) {
                            files.add(change.path("path").asText());
                        }
                        lastActivity = change.path("kind").asText("edit") + " " + change.path("path").asText();
                    }
                }
                case "command_execution" -> {
                    Integer code = item.hasNonNull("exit_code") ? item.get("exit_code").asInt() : null;
                    if (commands.size() < MAX_LISTED) {
                        commands.add(new CommandRun(item.path("command").asText(), code, code != null && code != 0));
                    }
                    lastActivity = "$ " + Clip.oneLine(item.path("command").asText(), 60)
                            + (code == null ? "" : " → " + code);
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
            if (errors.size() < 50) {
                errors.add(Clip.oneLine(message, 300));
            }
            lastActivity = "error: " + Clip.oneLine(message, 60);
        }

        @Override
        public void stderrLine(String line) {
            // codex reports a missing provider key (env_key) and sandbox refusals only here
            if (line.contains("Missing environment variable") || line.contains("env_key")) {
                errors.add(Clip.oneLine(line, 300));
            }
        }

        @Override
        public String fatal() {
            return reconnectsInARow >= RECONNECTS_BEFORE_GIVING_UP
                    ? "model server unreachable: codex keeps reconnecting (" + Clip.oneLine(lastReconnect, 100) + ")"
                    : null;
        }

        @Override
        public String sessionId() {
            return threadId;
        }

        @Override
        public String lastActivity() {
            return lastActivity;
        }

        @Override
        public AgentReport finish(Integer exitCode, String stderrTail) {
            boolean ok = completed && failure == null && (exitCode == null || exitCode == 0);
            String reason = null;
            if (!ok) {
                if (failure != null) {
                    reason = ApiErrors.explain(failure);
                } else if (!errors.isEmpty()) {
                    reason = ApiErrors.explain(errors.get(errors.size() - 1));
                } else if (exitCode != null && exitCode != 0) {
                    reason = AgentReport.exitReason(exitCode, stderrTail);
                } else {
                    reason = "cut off: codex ended without turn.completed";
                }
            }
            List<String> errs = new ArrayList<>(errors);
            if (!ok && errs.isEmpty() && Clip.lastLine(stderrTail) != null) {
                errs.add(Clip.oneLine(Clip.lastLine(stderrTail), 300));
            }
            return new AgentReport(ok, reason, threadId, lastMessage, usage, List.copyOf(files), commands, errs, null);
        }

    }
}
