package dev.bgagents.it;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


/**
 * Codex as the host, the way a user runs it headless: its own pinned install under
 * .tools/hosts/codex, a home of its own whose config.toml is the model provider (a mock on
 * 127.0.0.1) followed by the shipped {@code install/codex-config.toml} as it is, and
 * {@code codex exec}. The server finds the project's bg-agents.json in the user's config folder.
 */
public final class HostCodex {
    public static final Path BIN = Path.of(".tools/hosts/codex/node_modules/.bin/codex").toAbsolutePath();
    public static final String VERSION = "0.171.0";
    static final String SNIPPET = "install/codex-config.toml";

    public final Path home;

    public HostCodex(Path home, String modelUrl, ServerHarness server) throws IOException {
        this.home = Files.createDirectories(home);
        Files.createDirectories(home.resolve(".codex"));
        // the provider's top-level keys first: TOML puts every key after a table header into that table
        Files.writeString(home.resolve(".codex/config.toml"), AgentHomes.codexProvider(modelUrl) + "\n"
                + HostRun.shipped(SNIPPET));
        HostRun.userConfig(home, server);
    }

    /** Skips where the host is not installed, except under CI=true where that is a failure. */
    public static void requireInstalled() {
        HostRun.requireInstalled(BIN, "Codex " + VERSION);
    }

    /** {@code codex exec --json PROMPT} in {@code project}, to its end. */
    public HostRun.Result exec(Path project, long timeoutSeconds, String prompt) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("HOME", home.toString(), "CODEX_HOME", home.resolve(".codex").toString(),
                "PATH", System.getenv("PATH"), "MOCK_API_KEY", "mock-key");
        return HostRun.run(List.of(BIN.toString(), "exec", "--json", prompt), project, env, home, timeoutSeconds);
    }
}
