package dev.bgagents.agents.claude;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.StreamParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Claude Code: {@code claude -p --output-format stream-json --verbose}, the prompt as the last
 * argument or, when long, on stdin. Under {@code ask} it runs with {@code --input-format stream-json
 * --permission-prompt-tool stdio} through the job-side relay (dev.bgagents.relay), which gives it the prompt
 * (on the relay's stdin) as its first user message, puts its permission requests to a person and steers it
 * (measured in docs/agent-channels.md). Its stream is read by {@link ClaudeStreamParser}, unchanged by the relay.
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
        return "npm install -g @anthropic-ai/claude-code (macOS: or brew install --cask claude-code)";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        argv.add("-p");
        boolean relayed = request.permissions() == Permissions.ASK;
        boolean stdin = relayed || request.prompt().getBytes(StandardCharsets.UTF_8).length > MAX_ARGV_PROMPT_BYTES
                // a leading dash would be read as an option
                || request.prompt().startsWith("-");
        if (relayed) {
            argv.addAll(List.of("--input-format", "stream-json"));
        }
        argv.addAll(List.of("--output-format", "stream-json", "--verbose"));
        Map<String, String> env = new HashMap<>();
        switch (request.permissions()) {
            case READ_ONLY -> argv.addAll(List.of("--permission-mode", "plan"));
            case WORKSPACE_WRITE -> argv.addAll(List.of("--permission-mode", "acceptEdits"));
            // what workspace-write allows goes on unasked; the rest comes to the relay as can_use_tool requests
            case ASK -> argv.addAll(List.of("--permission-mode", "acceptEdits", "--permission-prompt-tool", "stdio"));
            case FULL -> {
                argv.add("--dangerously-skip-permissions");
                // claude refuses that flag as root unless told it is sandboxed
                if ("root".equals(System.getProperty("user.name"))) {
                    env.put("IS_SANDBOX", "1");
                }
            }
        }
        if (request.untrustedWorkdir()) {
            // the cwd's project and local settings (.claude/settings.json, settings.local.json: hooks, env,
            // apiKeyHelper, permissions) are the author's; measured with 2.1.197, --setting-sources user leaves
            // out their hooks, .mcp.json (even when the user enables all project servers), .claude/skills and
            // agents, and CLAUDE.md; --strict-mcp-config keeps every MCP server out, the user's too
            argv.addAll(List.of("--setting-sources", "user", "--strict-mcp-config"));
        }
        if (request.model() != null) {
            argv.addAll(List.of("--model", request.model()));
        }
        if (request.maxTurns() != null) {
            argv.addAll(List.of("--max-turns", request.maxTurns().toString()));
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
    public boolean canAsk() {
        return true;
    }

    /** Under {@code ask}: the invocation then reads stream-json input, which only the relay writes. */
    @Override
    public boolean relayed() {
        return true;
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
        return new ClaudeStreamParser();
    }
}
