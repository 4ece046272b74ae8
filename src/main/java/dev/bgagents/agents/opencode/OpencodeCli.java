package dev.bgagents.agents.opencode;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.StreamParser;

import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * opencode: {@code opencode run --format json --dir DIR}, prompt on stdin. Every event carries
 * {@code sessionID}; the final message is the text before the {@code step_finish} whose reason
 * is {@code stop}. It retries 429s, 5xx and a refused connection forever without a word on
 * stdout, so it runs with its logs on stderr, where the retries show.
 */
public final class OpencodeCli implements AgentCli {
    @Override
    public String name() {
        return "opencode";
    }

    @Override
    public String installHint() {
        return "npm install -g opencode-ai (macOS: or brew install sst/tap/opencode)";
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
        if (Files.exists(data.resolve("opencode/auth.json")) || env.containsKey("OPENCODE_CONFIG")
                || Credentials.anyEnv(env, "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENCODE_API_KEY")) {
            return null;
        }
        return "no provider credentials: run `opencode auth login` or set a provider key";
    }

    @Override
    public StreamParser newParser() {
        return new OpencodeStreamParser();
    }
}
