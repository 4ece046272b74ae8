package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real claude works in a worktree of a real npm project: the dependencies installed in the person's
 * checkout and its ignored {@code .env} are there before claude's first command, with no registry to
 * reach, so the project's own {@code npm test} passes on the first try; and on a project whose base is
 * red, the same check failing on the job is not the job's failure.
 */
class BootstrapE2EIT {
    /** npm and pip of everything the server starts point at a closed port: a job needing the network fails. */
    private static final Map<String, String> OFFLINE = Map.of("npm_config_registry", "http://127.0.0.1:9/",
            "npm_config_offline", "true", "PIP_NO_INDEX", "1");

    @Test
    void claudesFirstCommandFindsTheCheckoutsDependenciesAndEnvAndTheJobIsVerifiedAtOnce(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve(".gitignore"), "node_modules/\n.env\n");
        Files.writeString(project.resolve("package.json"), """
                {"name": "shop", "version": "1.0.0", "private": true,
                 "scripts": {"test": "node test.js"}, "dependencies": {"is-odd": "3.0.1"}}
                """);
        Files.writeString(project.resolve("test.js"), """
                const fs = require('fs'), isOdd = require('is-odd');
                const env = Object.fromEntries(fs.readFileSync('.env', 'utf8').trim().split('\\n').map(l => l.split('=')));
                if (env.SHOP_CURRENCY !== 'EUR' || !isOdd(3)) { console.error('wrong setup'); process.exit(1); }
                if (!fs.existsSync('feature.txt')) { console.error('feature.txt missing'); process.exit(1); }
                console.log('shop tests passed');
                """);
        Files.writeString(project.resolve(".worktreeinclude"), ".env\n");
        Files.writeString(project.resolve(".env"), "SHOP_CURRENCY=EUR\n");
        npm(project, "install", "--no-audit", "--no-fund", "--loglevel=error");
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = harness(dir, project, "", anthropic, responses, gemini)) {
            h.git("add", "-A");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "shop");
            h.start();
            // claude's one command needs both: it fails (and writes nothing) without node_modules or .env
            anthropic.scenario(new Scenario.RunCommand("node -e \"require('is-odd'); "
                    + "const c = require('fs').readFileSync('.env', 'utf8').trim(); "
                    + "require('fs').writeFileSync('feature.txt', c + '\\n')\"", "Done."));
            String id = h.spawn("Add the feature file.", Map.of("provider", "claude", "permissions", "full", "worktree", true,
                    "verify", "auto"));
            Map<String, Object> end = h.awaitEnd(id);
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", end.get("status"), summary);
            assertEquals(true, end.get("verified"), summary);
            assertTrue(summary.contains("Verified: `npm test` passed"), summary);
            assertTrue(summary.contains("copied .env") && summary.contains("node_modules"), summary);
            assertEquals("SHOP_CURRENCY=EUR", h.git("show", "bg/" + id + ":feature.txt").strip(),
                    "claude's command saw the checkout's .env and dependencies");
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void onARedBaseClaudesJobIsNotBlamedForTheCheckThatFailsThereToo(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("lint.sh"), "echo 'src/old.js:1: trailing space'; exit 1\n");
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = harness(dir, project, "\"verify\": {\"lint\": [\"sh\", \"lint.sh\"]}",
                     anthropic, responses, gemini)) {
            h.git("add", "-A");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "an old lint failure");
            h.start();
            anthropic.scenario(new Scenario.RunCommand("echo notes > NOTES.md", "Added the notes."));
            String id = h.spawn("Add a notes file.", Map.of("provider", "claude", "permissions", "full", "worktree", true,
                    "verify", "lint"));
            Map<String, Object> end = h.awaitEnd(id);
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", end.get("status"), summary);
            assertTrue(summary.contains("fails on the base (") && summary.contains("too"), summary);
            assertEquals("notes", h.git("show", "bg/" + id + ":NOTES.md").strip());
        }
    }

    private static ServerHarness harness(Path dir, Path project, String config, AnthropicMock anthropic,
                                         ResponsesMock responses, GeminiMock gemini) throws Exception {
        Map<String, String> env = new HashMap<>(AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(),
                responses.baseUrl(), gemini.baseUrl()));
        env.putAll(OFFLINE);
        return new ServerHarness(project, config, AgentHomes.command("claude"), env);
    }

    /** npm in the person's checkout, as a person would run it: with the registry. */
    private static void npm(Path dir, String... args) throws Exception {
        var argv = new java.util.ArrayList<>(java.util.List.of("npm"));
        argv.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "npm did not end");
        assertEquals(0, p.exitValue(), "npm " + String.join(" ", args) + ": " + out);
    }
}
