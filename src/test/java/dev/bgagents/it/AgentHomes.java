package dev.bgagents.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-test homes for the real CLIs, each pointed at a mock model server: the environment the
 * server (and so each agent) gets, and the config files each CLI reads. Nothing touches the
 * real user's home.
 */
public final class AgentHomes {
    public static final Path BIN = Path.of(".tools/node_modules/.bin").toAbsolutePath();

    private AgentHomes() {
    }

    private static final Path CODEX_HOMES = Path.of("target", "codex-homes").toAbsolutePath();

    public static List<String> command(String cli) {
        return List.of(BIN.resolve(cli).toString());
    }

    public static boolean installed(String cli) {
        return Files.isExecutable(BIN.resolve(cli));
    }

    /** Environment for all four CLIs at once; each reads only its own variables. */
    public static Map<String, String> env(Path home, String anthropicUrl, String responsesUrl, String geminiUrl)
            throws IOException {
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        if (anthropicUrl != null) {
            env.put("ANTHROPIC_BASE_URL", anthropicUrl);
            env.put("ANTHROPIC_API_KEY", "sk-ant-mock");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("CLAUDE_CODE_MAX_RETRIES", "1");
            env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
            Path opencode = home.resolve("opencode.json");
            Files.writeString(opencode, """
                    {"$schema": "https://opencode.ai/config.json",
                     "model": "mock/claude-mock",
                     "small_model": "mock/claude-mock",
                     "autoupdate": false, "share": "disabled",
                     "provider": {"mock": {"npm": "@ai-sdk/anthropic", "name": "mock",
                       "options": {"baseURL": "%s/v1", "apiKey": "sk-ant-mock"},
                       "models": {"claude-mock": {"name": "claude-mock"}}}}}
                    """.formatted(anthropicUrl));
            env.put("OPENCODE_CONFIG", opencode.toString());
            env.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
            env.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
        }
        if (responsesUrl != null) {
            // outside /tmp, as ~/.codex is: codex refuses to make its sandbox helper's PATH aliases under a
            // temporary directory, and with the system's bubblewrap installed its sandbox then cannot start
            // ("bwrap: execvp codex-linux-sandbox"), so a workspace-write agent writes nothing
            Path codexHome = Files.createDirectories(CODEX_HOMES.resolve(home.getParent().getFileName() + "-"
                    + java.util.UUID.randomUUID().toString().substring(0, 8)));
            Files.writeString(codexHome.resolve("config.toml"), codexProvider(responsesUrl));
            env.put("CODEX_HOME", codexHome.toString());
            env.put("MOCK_API_KEY", "sk-mock");
        }
        if (geminiUrl != null) {
            Path gemini = Files.createDirectories(home.resolve(".gemini"));
            Files.writeString(gemini.resolve("settings.json"),
                    "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}}}");
            env.put("GOOGLE_GEMINI_BASE_URL", geminiUrl);
            env.put("GEMINI_API_KEY", "mock-key");
        }
        return env;
    }

    /** The top of a codex config.toml that points codex at a mock Responses API ({@code MOCK_API_KEY} its key). */
    static String codexProvider(String responsesUrl) {
        return """
                model = "gpt-5.5"
                model_provider = "mock"
                [model_providers.mock]
                name = "mock"
                base_url = "%s"
                env_key = "MOCK_API_KEY"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(responsesUrl);
    }
}
