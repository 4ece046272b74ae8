package dev.bgagents.agents.codex;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.StreamParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI: {@code codex exec --json -C DIR}, the prompt on stdin. Its stream is read by
 * {@link CodexStreamParser}.
 */
public final class CodexCli implements AgentCli {

    @Override
    public String name() {
        return "codex";
    }

    @Override
    public String installHint() {
        return "npm install -g @openai/codex (macOS: or brew install --cask codex)";
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
            case WORKSPACE_WRITE, ASK -> argv.addAll(sandbox(request, "workspace-write")); // ask: refused before (canAsk)
            case FULL -> argv.add("--dangerously-bypass-approvals-and-sandbox");
        }
        if (request.untrustedWorkdir()) {
            // codex loads the .codex/ folder of a trusted project (config.toml with its MCP servers, notify,
            // hooks.json, rules), and a linked worktree counts as trusted when its main repository is: measured
            // with 0.169.0, a reviewer then started the author's MCP server. A session flag marking the
            // directory untrusted wins over the user's trust (the directory's own entry is looked up first)
            argv.addAll(List.of("-c", "projects={" + tomlString(request.workdir().toString())
                    + "={trust_level=\"untrusted\"}}"));
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

    /** A TOML basic string: a path may hold quotes and backslashes. */
    static String tomlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
        if (Files.exists(dir.resolve("auth.json"))) {
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
        return new CodexStreamParser();
    }
}
