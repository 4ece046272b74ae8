package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;


/**
 * Claude Code as the host, the way a user runs it: its own pinned install under .tools/hosts/claude, a
 * home of its own (onboarding done, the project trusted, the mock's key approved), its model
 * behind a mock on 127.0.0.1. {@code -p} runs to its end; an interactive session runs on a
 * pseudo-terminal made by {@code script(1)} until the test has seen what it waits for.
 */
public final class HostClaude {
    public static final Path BIN = Path.of(".tools/hosts/claude/node_modules/.bin/claude").toAbsolutePath();
    public static final String VERSION = "2.1.332";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-ant-host-mock";

    public final Path home;
    private final String modelUrl;
    private final Map<String, String> extraEnv = new HashMap<>();

    /** What a run printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    public HostClaude(Path home, String modelUrl) throws IOException {
        this.home = Files.createDirectories(home);
        this.modelUrl = modelUrl;
        Files.createDirectories(home.resolve(".claude"));
        Files.writeString(home.resolve(".claude/settings.json"), "{\"skipDangerousModePermissionPrompt\": true}");
    }

    /** Skips where the host is not installed, except under CI=true where that is a failure. */
    public static void requireInstalled() {
        HostRun.requireInstalled(BIN, "Claude Code " + VERSION);
    }

    /** Also passes {@code name=value} to the host, and so to the servers it starts. */
    public HostClaude env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Marks {@code project} trusted and onboarding done, as a user who has opened it once. */
    public HostClaude trust(Path project) throws IOException {
        ObjectNode state = JSON.createObjectNode().put("hasCompletedOnboarding", true).put("theme", "dark");
        state.putObject("customApiKeyResponses").putArray("approved").add(KEY);
        state.putObject("projects").putObject(project.toString()).put("hasTrustDialogAccepted", true);
        Files.writeString(home.resolve(".claude.json"), JSON.writeValueAsString(state));
        return this;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("ANTHROPIC_BASE_URL", modelUrl);
        env.put("ANTHROPIC_API_KEY", KEY);
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        // bypassPermissions is refused for root outside a sandbox; CI machines may run tests as root
        env.put("IS_SANDBOX", "1");
        env.put("TERM", "xterm-256color");
        env.putAll(extraEnv);
        return env;
    }

    /** {@code claude ARGS…} in {@code dir}, to its end (at most {@code timeoutSeconds}). */
    public Run run(Path dir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BIN.toString()));
        command.addAll(List.of(args));
        HostRun.Result r = HostRun.run(command, dir, environment(), home, timeoutSeconds);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * An interactive session started with {@code prompt}, on a 160x50 pseudo-terminal, kept
     * until {@code done} holds (checked every 250 ms) or {@code timeoutSeconds} pass; then the
     * host and everything it started are ended. Answers whether {@code done} held.
     */
    public boolean interactive(Path dir, long timeoutSeconds, BooleanSupplier done, String prompt, String... args)
            throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("stty cols 160 rows 50; exec ").append(quote(BIN.toString()));
        for (String a : args) {
            line.append(' ').append(quote(a));
        }
        line.append(' ').append(quote(prompt));
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line.toString(), "/dev/null").directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment());
        Path screen = home.resolve("screen.txt");
        Process p = pb.redirectOutput(screen.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (done.getAsBoolean()) {
                    return true;
                }
                Thread.sleep(250);
            }
            return done.getAsBoolean();
        } finally {
            kill(p);
            p.getOutputStream().close();
        }
    }

    /** The last screen output of the interactive session, for failure messages. */
    public String screen() throws IOException {
        Path screen = home.resolve("screen.txt");
        if (!Files.exists(screen)) {
            return "";
        }
        String s = Files.readString(screen, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[a-zA-Z]", "");
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    private static void kill(Process p) throws InterruptedException {
        HostRun.kill(p);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The shipped {@code mcp-config.example.json} with its placeholder path replaced by this checkout. */
    public static String shippedMcpConfig() throws IOException {
        return HostRun.shipped("mcp-config.example.json");
    }
}
