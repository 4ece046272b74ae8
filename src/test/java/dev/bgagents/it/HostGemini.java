package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


/**
 * Gemini CLI as the host, the way a user runs it headless: the pinned install under .tools (the
 * newest, 0.61.0, is also the agent the other tests run), a home of its own whose settings.json
 * is the shipped {@code install/gemini-settings.json} plus the API-key sign-in, the project folder
 * trusted, its model behind a mock on 127.0.0.1, and {@code gemini -p}.
 */
public final class HostGemini {
    public static final Path BIN = Path.of(".tools/node_modules/.bin/gemini").toAbsolutePath();
    public static final String VERSION = "0.61.0";
    static final String SNIPPET = "install/gemini-settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path home;
    private final String modelUrl;

    public HostGemini(Path home, String modelUrl, ServerHarness server) throws IOException {
        this.home = Files.createDirectories(home);
        this.modelUrl = modelUrl;
        Path dot = Files.createDirectories(home.resolve(".gemini"));
        ObjectNode settings = (ObjectNode) JSON.readTree(HostRun.shipped(SNIPPET));
        settings.putObject("security").putObject("auth").put("selectedType", "gemini-api-key");
        Files.writeString(dot.resolve("settings.json"), JSON.writeValueAsString(settings));
        Files.writeString(dot.resolve("trustedFolders.json"),
                JSON.writeValueAsString(Map.of(server.project.toString(), "TRUST_FOLDER")));
        HostRun.userConfig(home, server);
    }

    /** Skips where the host is not installed, except under CI=true where that is a failure. */
    public static void requireInstalled() {
        HostRun.requireInstalled(BIN, "Gemini CLI " + VERSION);
    }

    /** {@code gemini -p PROMPT -o stream-json} in {@code project}, to its end. */
    public HostRun.Result prompt(Path project, long timeoutSeconds, String prompt) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"),
                "GOOGLE_GEMINI_BASE_URL", modelUrl, "GEMINI_API_KEY", "mock-key", "TERM", "dumb");
        return HostRun.run(List.of(BIN.toString(), "-p", prompt, "-m", "gemini-2.5-pro", "-o", "stream-json"), project,
                env, home, timeoutSeconds);
    }
}
