package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Claude Code plugin from a git-hosted marketplace, with nothing built: a bare repository
 * (reached as https://git.bg-agents.invalid/…, which git maps onto it) holding the marketplace, the plugin's folder and — as a checkout has them — a target/ and a
 * .tools/; the real Claude Code adds it and installs the plugin into a home of its own; the
 * installed folder holds neither, and its server connects with the jar its launcher fetched
 * from a stand-in release host on 127.0.0.1.
 */
class PluginInstallIT {

    @Test
    void thePluginInstallsFromAGitMarketplaceWithoutTheCheckoutAndItsServerConnects(@TempDir Path dir) throws Exception {
        HostClaude.requireInstalled();
        byte[] jar = Files.readAllBytes(ServerHarness.JAR);
        Path work = Files.createDirectories(dir.resolve("work"));
        ReleasedPackage.stage(Files.createDirectories(work.resolve("plugin")), jar);
        Files.createDirectories(work.resolve(".claude-plugin"));
        Files.copy(Path.of(".claude-plugin/marketplace.json"), work.resolve(".claude-plugin/marketplace.json"));
        for (String left : List.of("target/bg-agents.jar", ".tools/node_modules/x.js")) {
            Files.createDirectories(work.resolve(left).getParent());
            Files.writeString(work.resolve(left), "a checkout's build and tools\n");
        }
        Path bare = dir.resolve("bg-agents.git");
        ServerHarness.runGit(dir, "init", "-q", "--bare", "-b", "main", bare.toString());
        ServerHarness.runGit(work, "init", "-q", "-b", "main");
        ServerHarness.runGit(work, "add", "-A", "-f");
        ServerHarness.runGit(work, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "release");
        ServerHarness.runGit(work, "push", "-q", bare.toUri().toString(), "main");

        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "");
        try (ReleaseHost host = new ReleaseHost("/v" + ReleasedPackage.VERSION + "/" + ReleasedPackage.ASSET, jar, 1)) {
            HostClaude claude = new HostClaude(dir.resolve("home"), "http://127.0.0.1:9")
                    .env("BG_AGENTS_DOWNLOAD_BASE", host.base())
                    .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            // Claude Code takes owner/repo, https://… or a folder, not file://: an https URL its git maps onto the bare repository
            Files.writeString(claude.home.resolve(".gitconfig"), "[url \"" + dir.toUri() + "\"]\n\tinsteadOf = https://git.bg-agents.invalid/\n");
            HostClaude.Run add = claude.run(dir, 180, "plugin", "marketplace", "add", "https://git.bg-agents.invalid/bg-agents.git");
            assertEquals(0, add.exitCode(), add.stdout() + add.stderr());
            HostClaude.Run install = claude.run(dir, 180, "plugin", "install", "bg-agents@bg-agents");
            assertEquals(0, install.exitCode(), install.stdout() + install.stderr());

            Path installed;
            try (Stream<Path> files = Files.walk(claude.home.resolve(".claude/plugins/cache"))) {
                installed = files.filter(p -> p.endsWith(".mcp.json")).findFirst().orElseThrow().getParent();
            }
            try (Stream<Path> files = Files.walk(installed)) {
                List<String> names = files.map(p -> installed.relativize(p).toString()).toList();
                assertTrue(names.contains("bin/bg-agents") && names.contains("skills/background-implementer/SKILL.md"), names.toString());
                assertFalse(names.stream().anyMatch(n -> n.startsWith("target") || n.startsWith(".tools")), names.toString());
            }

            HostClaude.Run list = claude.run(project, 180, "mcp", "list");
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("plugin:bg-agents:bg-agents") && l.contains("Connected")),
                    list.stdout() + list.stderr());
            assertEquals(1, host.requests.get(), "the launcher fetched the jar");
            assertTrue(Files.isRegularFile(dir.resolve("cache/bg-agents/" + ReleasedPackage.VERSION + "/bg-agents.jar")));
        }
    }
}
