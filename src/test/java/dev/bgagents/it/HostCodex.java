package dev.bgagents.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Files.writeString(home.resolve(".codex/config.toml"), """
                model = "gpt-5.5"
                model_provider = "mock"
                [model_providers.mock]
                name = "mock"
                base_url = "%s"
                env_key = "MOCK_API_KEY"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0

                """.formatted(modelUrl) + HostRun.shipped(SNIPPET));
        Path config = Files.createDirectories(home.resolve(".config/bg-agents")).resolve("bg-agents.json");
        Files.copy(server.project.resolve(".git/bg-agents.json"), config);
    }

    /** Skips where the host is not installed, except under CI=true where that is a failure. */
    public static void requireInstalled() {
        if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("bgagents.e2e.required")) {
            assertTrue(Files.isExecutable(BIN), "Codex " + VERSION + " missing at " + BIN + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BIN), "Codex " + VERSION + " not installed at " + BIN);
    }

    /** {@code codex exec --json PROMPT} in {@code project}, to its end. */
    public HostRun.Result exec(Path project, long timeoutSeconds, String prompt) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("HOME", home.toString(), "CODEX_HOME", home.resolve(".codex").toString(),
                "PATH", System.getenv("PATH"), "MOCK_API_KEY", "mock-key");
        return HostRun.run(List.of(BIN.toString(), "exec", "--json", prompt), project, env, home, timeoutSeconds);
    }
}
