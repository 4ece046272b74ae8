package dev.bgagents.agents.opencode;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.project.UserDirs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * opencode: {@code opencode run --format json --dir DIR}, prompt on stdin. Every event carries
 * {@code sessionID}; the final message is the text before the {@code step_finish} whose reason
 * is {@code stop}. It retries 429s, 5xx and a refused connection forever without a word on
 * stdout, so it runs with its logs on stderr, where the retries show. Work in an untrusted
 * directory (a review) runs from an empty directory instead, reading that one by its path.
 */
public final class OpencodeCli implements AgentCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path outside;

    /** Untrusted work runs from an empty directory under the user's bg-agents state directory. */
    public OpencodeCli() {
        this(UserDirs.ofThisSystem().state().resolve("empty"));
    }

    /**
     * @param outside an empty directory outside every repository, made when first needed: where opencode
     *                runs for a request whose working directory is untrusted
     */
    public OpencodeCli(Path outside) {
        this.outside = outside;
    }

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
        boolean untrusted = request.untrustedWorkdir();
        List<String> argv = new ArrayList<>(executable);
        argv.addAll(List.of("run", "--format", "json", "--dir", (untrusted ? outside() : request.workdir()).toString(),
                "--print-logs", "--log-level", "WARN"));
        if (request.model() != null) {
            argv.addAll(List.of("-m", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.addAll(List.of("--session", request.resumeSessionId()));
        }
        ObjectNode permission = JSON.createObjectNode();
        switch (request.permissions()) {
            case READ_ONLY -> permission.put("edit", "deny").put("bash", "deny").put("webfetch", "deny");
            case WORKSPACE_WRITE, ASK -> permission.put("edit", "allow").put("bash", "allow"); // ask: refused before (canAsk)
            case FULL -> permission.put("edit", "allow").put("bash", "allow").put("webfetch", "allow")
                    .put("external_directory", "allow");
        }
        if (request.permissions() == Permissions.FULL) {
            argv.add("--auto");
        }
        Map<String, String> env = new HashMap<>();
        if (untrusted) {
            // Measured with 1.18.33: in its --dir (up to the repository's top) opencode runs the local MCP servers
            // of opencode.json, opencode.jsonc and .opencode/opencode.json, and imports .opencode/plugin(s)/*.js,
            // .opencode/tool(s)/*.js and the plugins opencode.json lists — JavaScript it runs. Neither
            // OPENCODE_DISABLE_PROJECT_CONFIG=1 nor --pure stops the plugin imports (its second config loader
            // ignores both), so it runs from an empty directory of its own and reads the worktree by its path.
            // The variable still keeps any project config of that directory's parents out.
            env.put("OPENCODE_DISABLE_PROJECT_CONFIG", "1");
            if (request.permissions() != Permissions.FULL) {
                permission.set("external_directory", JSON.createObjectNode().put(request.workdir() + "/*", "allow"));
            }
        }
        env.put("OPENCODE_PERMISSION", permission.toString());
        return new Invocation(argv, env, List.of(), true);
    }

    /** The empty directory untrusted work runs from, made if missing (opencode refuses a --dir that is not there). */
    private Path outside() {
        try {
            Files.createDirectories(outside);
        } catch (IOException e) {
            // opencode then fails on its own: "Failed to change directory to …"
        }
        return outside;
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
