package dev.bgagents.it;

import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Exchange;
import dev.bgagents.it.mock.HostModelMock.Say;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped registrations, used by the hosts themselves: the Claude Code plugin validates,
 * installs into a home of its own and its server connects and serves its tools; Codex and
 * Gemini CLI list the server from the snippets under install/.
 */
class HostInstallE2EIT {

    /** The marketplace and the plugin's folder (its launcher runs the built jar: BG_AGENTS_JAR) — not the whole checkout. */
    private static Path marketplace(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("bg-agents"));
        for (String part : List.of(".claude-plugin", "plugin")) {
            try (Stream<Path> files = Files.walk(Path.of(part))) {
                for (Path f : files.toList()) {
                    Path to = root.resolve(f.toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return root;
    }

    @Test
    void thePluginValidatesInstallsAndItsServerConnectsWithItsToolsAndSkills(@TempDir Path dir) throws Exception {
        HostClaude.requireInstalled();
        Path market = marketplace(dir);
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        List<HostModelMock.Step> script = List.of(
                new Call("mcp__plugin_bg-agents_bg-agents__job_status", "{}"), new Say("Checked."));
        try (HostModelMock model = new HostModelMock(script, List.of())) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString())
                    .env("BG_AGENTS_JAR", ServerHarness.JAR.toString());
            HostClaude.Run validate = claude.run(dir, 120, "plugin", "validate", market.resolve("plugin").toString());
            assertEquals(0, validate.exitCode(), validate.stdout() + validate.stderr());
            assertTrue(validate.stdout().contains("Validation passed"), validate.stdout());
            for (String skill : List.of("background-implementer", "fan-out-review", "phase-pipeline")) {
                assertTrue(validate.stdout().contains("bg-agents:" + skill), validate.stdout());
            }
            HostClaude.Run add = claude.run(dir, 120, "plugin", "marketplace", "add", market.toString());
            assertEquals(0, add.exitCode(), add.stdout() + add.stderr());
            HostClaude.Run install = claude.run(dir, 120, "plugin", "install", "bg-agents@bg-agents");
            assertEquals(0, install.exitCode(), install.stdout() + install.stderr());
            HostClaude.Run list = claude.run(project, 120, "mcp", "list");
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("plugin:bg-agents:bg-agents") && l.contains("Connected")),
                    list.stdout() + list.stderr());

            HostClaude.Run run = claude.run(project, 180, "-p", "What are my background jobs?",
                    "--allowedTools", "mcp__plugin_bg-agents_bg-agents");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            List<Exchange> got = model.exchanges();
            assertEquals(1, got.size(), got.toString());
            assertFalse(got.get(0).isError(), got.toString());
            assertTrue(got.get(0).received().contains("\"jobs\""), "the plugin's server answered: " + got);
            assertTrue(model.firstMainRequest().toString().contains("bg-agents:background-implementer"),
                    "the plugin's skills are offered to the model");
        }
        assertEquals("", h.git("status", "--porcelain"), "nothing written into the project");
    }

    @Test
    void codexAndGeminiListTheServerFromTheShippedSnippets(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("codex");
        E2E.requireInstalled("gemini");
        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "");
        String here = Path.of("").toAbsolutePath().toString();

        Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
        Files.writeString(codexHome.resolve("config.toml"),
                Files.readString(Path.of("install/codex-config.toml")).replace("/absolute/path/to/bg-agents", here));
        String codex = run(project, Map.of("HOME", dir.toString(), "CODEX_HOME", codexHome.toString()),
                AgentHomes.command("codex").get(0), "mcp", "list");
        assertTrue(codex.lines().anyMatch(l -> l.startsWith("bg-agents") && l.contains(here + "/bin/bg-agents")
                && l.contains("enabled")), codex);

        Path geminiHome = Files.createDirectories(dir.resolve("gemini-home/.gemini"));
        Files.writeString(geminiHome.resolve("settings.json"),
                Files.readString(Path.of("install/gemini-settings.json")).replace("/absolute/path/to/bg-agents", here));
        Files.writeString(geminiHome.resolve("trustedFolders.json"), "{\"" + project + "\": \"TRUST_FOLDER\"}");
        String gemini = run(project, Map.of("HOME", geminiHome.getParent().toString()),
                AgentHomes.command("gemini").get(0), "mcp", "list");
        assertTrue(gemini.lines().anyMatch(l -> l.contains("bg-agents:") && l.contains("Connected")), gemini);
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> all = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
        all.putAll(env);
        pb.environment().clear();
        pb.environment().putAll(all);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }
}
