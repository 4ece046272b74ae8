package dev.bgagents.agents.gemini;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.ApiErrors;
import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.StreamParser;

import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gemini CLI: {@code gemini -o stream-json --skip-trust}, prompt on stdin. The session is
 * {@code init.session_id}; the final message the assistant deltas after the last tool call;
 * success {@code result.status == "success"}. Its exit codes name auth (41), config (52),
 * turn limit (53) and HTTP errors (status & 0xFF).
 */
public final class GeminiCli implements AgentCli {
    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public String installHint() {
        return "npm install -g @google/gemini-cli (macOS: or brew install gemini-cli)";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        // without --skip-trust a headless run in an untrusted folder exits 55
        argv.addAll(List.of("-o", "stream-json", "--skip-trust"));
        argv.addAll(List.of("--approval-mode", switch (request.permissions()) {
            case READ_ONLY -> "default";
            case WORKSPACE_WRITE, ASK -> "auto_edit"; // ask: never here, gemini cannot ask
            case FULL -> "yolo";
        }));
        if (request.model() != null) {
            argv.addAll(List.of("-m", request.model()));
        }
        if (request.resumeSessionId() != null) {
            argv.addAll(List.of("--resume", request.resumeSessionId()));
        }
        // -p "" selects headless mode; the prompt itself comes on stdin, which gemini reads first
        argv.addAll(List.of("-p", ""));
        // An untrusted folder's .gemini/settings.json (hooks, mcpServers, tools.discoveryCommand) and .env are
        // not loaded, but a headless run there exits 55 unless --skip-trust, which trusts it. Measured with
        // 0.61.0: gemini reads its settings before its arguments, and --skip-trust only sets
        // GEMINI_CLI_TRUST_WORKSPACE=true once they are parsed; with that variable "false" from the start the
        // settings are read untrusted — none of the worktree's hooks or MCP servers ran, even where the user's
        // trustedFolders.json trusts the project (which, alone, ran them) — and the run is not refused.
        Map<String, String> env = request.untrustedWorkdir() ? Map.of("GEMINI_CLI_TRUST_WORKSPACE", "false") : Map.of();
        return new Invocation(argv, env, List.of(), true);
    }

    @Override
    public String missingCredentials(Map<String, String> env, Path home) {
        if (Credentials.anyEnv(env, "GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI")
                || Files.exists(home.resolve(".gemini/oauth_creds.json"))) {
            return null;
        }
        return "no GEMINI_API_KEY and not logged in: set the key or run gemini once to log in";
    }

    @Override
    public StreamParser newParser() {
        return new GeminiStreamParser();
    }

    /** What gemini's documented exit codes mean. */
    static String exitMeaning(int code) {
        return switch (code) {
            case 41 -> "gemini is not authenticated: set GEMINI_API_KEY or log in (exit 41)";
            case 42 -> "gemini rejected its input (exit 42)";
            case 44 -> "gemini's sandbox failed (exit 44)";
            case 52 -> "gemini's configuration is invalid (exit 52)";
            case 53 -> "gemini hit its turn limit (exit 53)";
            case 54 -> "a gemini tool failed (exit 54)";
            case 55 -> "gemini does not trust this folder (exit 55)";
            case 130 -> "gemini was cancelled (exit 130)";
            case 145 -> ApiErrors.explain("HTTP 401") + " (exit 145)";
            case 147 -> ApiErrors.explain("HTTP 403") + " (exit 147)";
            case 173 -> ApiErrors.explain("HTTP 429") + " (exit 173)";
            case 244, 246, 247 -> ApiErrors.explain("HTTP " + (code + 256)) + " (exit " + code + ")";
            default -> null;
        };
    }
}
