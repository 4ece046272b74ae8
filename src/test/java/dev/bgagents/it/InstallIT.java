package dev.bgagents.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.bgagents.it.ReleasedPackage.command;
import static dev.bgagents.it.ReleasedPackage.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The npm package as a user gets it: packed, installed into a fresh prefix in an empty home with
 * no Maven and no clone, its launcher fetching the pinned jar from a local stand-in for the
 * release host once, checking it and caching it, then serving a whole MCP flow. Prints the
 * package's size and the install, first-run and second-run times.
 */
class InstallIT {
    private static final String PATH_ON_HOST = "/v" + ReleasedPackage.VERSION + "/" + ReleasedPackage.ASSET;
    private static byte[] jar;

    @BeforeAll
    static void needsNode() throws IOException {
        Assumptions.assumeTrue(onPath("npm") && onPath("node"), "npm and node are not installed");
        jar = Files.readAllBytes(ServerHarness.JAR);
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** A packed, installed package in {@code dir}: its bin and the environment a user's shell gives it. */
    record Installed(Path bin, Path home, Map<String, String> env) {
        Path cachedJar() {
            return home.resolve(".cache/bg-agents/" + ReleasedPackage.VERSION + "/bg-agents.jar");
        }

        List<Path> cacheFiles() throws IOException {
            Path dir = cachedJar().getParent();
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.toList();
            }
        }
    }

    private static Installed install(Path dir, String downloadBase) throws Exception {
        Path pkg = ReleasedPackage.stage(Files.createDirectories(dir.resolve("pkg")), jar);
        Path tools = ReleasedPackage.toolsPath(dir.resolve("tools"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "PATH", tools.toString(),
                "npm_config_cache", dir.resolve("npm-cache").toString(), "BG_AGENTS_DOWNLOAD_BASE", downloadBase));
        var pack = run(pkg, env, command("npm", "pack", "--silent", "--pack-destination", dir.toString()));
        assertEquals(0, pack.exitCode(), pack.stderr());
        Path tgz = dir.resolve(pack.stdout().strip());
        var installed = run(dir, env, command("npm", "install", "-g", "--prefix", dir.resolve("prefix").toString(),
                "--no-audit", "--no-fund", "--offline", tgz.toString()));
        assertEquals(0, installed.exitCode(), installed.stderr());
        System.out.printf("npm package: %d bytes packed; npm install -g from it: %d ms%n", Files.size(tgz), installed.millis());
        env.put("PATH", dir.resolve("prefix/bin") + ":" + tools);
        return new Installed(dir.resolve("prefix/bin/bg-agents"), home, env);
    }

    @Test
    void theInstalledPackageFetchesTheJarOnceAndServesAWholeFlow(@TempDir Path dir) throws Exception {
        try (ReleaseHost host = new ReleaseHost(PATH_ON_HOST, jar, 1)) {
            Installed npx = install(dir, host.base());
            Path project = Files.createDirectories(dir.resolve("project"));
            ServerHarness h = new ServerHarness(project, "");

            var first = run(project, npx.env(), command(npx.bin().toString(), "doctor"));
            assertTrue(first.stdout().contains("claude"), first.stdout() + first.stderr());
            assertTrue(first.stderr().contains("fetching the " + ReleasedPackage.VERSION + " jar once"), first.stderr());
            assertTrue(Files.isRegularFile(npx.cachedJar()), "cached in ~/.cache/bg-agents/<version>/");
            assertEquals(List.of(npx.cachedJar()), npx.cacheFiles(), "no temp file left beside it");
            var second = run(project, npx.env(), command(npx.bin().toString(), "doctor"));
            assertEquals(first.exitCode(), second.exitCode(), second.stderr());
            assertEquals(first.stdout(), second.stdout());
            assertEquals(1, host.requests.get(), "fetched once");
            System.out.printf("bg-agents doctor: first run (fetch + check + start) %d ms, second run %d ms%n",
                    first.millis(), second.millis());

            Map<String, String> env = new HashMap<>(npx.env());
            env.putAll(Map.of("XDG_CACHE_HOME", "", "XDG_STATE_HOME", h.stateHome.toString(),
                    "BG_AGENTS_PROJECT", project.toString(),
                    "BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString()));
            var transport = new StdioClientTransport(ServerParameters.builder(npx.bin().toString()).env(env).build(),
                    McpJsonDefaults.getMapper());
            try (McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).build()) {
                long t0 = System.nanoTime();
                c.initialize();
                System.out.printf("MCP initialize through the installed package (jar cached): %d ms%n",
                        (System.nanoTime() - t0) / 1_000_000);
                assertTrue(c.listTools().tools().stream().anyMatch(t -> t.name().equals("spawn_agent")));
                // full: this home's PATH is a folder of links under /tmp, which the agents' sandbox hides
                var spawned = c.callTool(new McpSchema.CallToolRequest("spawn_agent",
                        Map.of("provider", "claude", "prompt", "please write hello.txt", "permissions", "full")));
                String job = (String) ServerHarness.structured(spawned).get("job_id");
                var status = ServerHarness.text(c.callTool(new McpSchema.CallToolRequest("job_status",
                        Map.of("job_ids", List.of(job), "wait", "all"))));
                assertTrue(status.contains("succeeded"), status);
                String summary = ServerHarness.text(c.callTool(new McpSchema.CallToolRequest("read_summary",
                        Map.of("job_id", job))));
                assertTrue(summary.contains("succeeded") && summary.contains("hello.txt"), summary);
            }
            assertEquals(1, host.requests.get(), "the server ran the cached jar");
        }
    }

    @Test
    void aJarWhoseChecksumDiffersIsRefusedInOneLineAndNothingIsCached(@TempDir Path dir) throws Exception {
        byte[] tampered = java.util.Arrays.copyOf(jar, jar.length + 1);
        try (ReleaseHost host = new ReleaseHost(PATH_ON_HOST, tampered, 1)) {
            Installed npx = install(dir, host.base());
            var r = run(dir, npx.env(), command(npx.bin().toString()));
            assertNotEquals(0, r.exitCode());
            assertEquals("", r.stdout(), "stdout is the protocol's");
            List<String> refused = r.stderr().lines().filter(l -> l.contains("refused")).toList();
            assertEquals(1, refused.size(), r.stderr());
            assertTrue(refused.get(0).contains("nothing was cached"), refused.get(0));
            assertEquals(List.of(), npx.cacheFiles(), "neither the jar nor a temp file is left");
        }
    }

    @Test
    void twoLaunchersFetchingAtOnceBothRunAWholeJar(@TempDir Path dir) throws Exception {
        try (ReleaseHost host = new ReleaseHost(PATH_ON_HOST, jar, 2)) {
            Installed npx = install(dir, host.base());
            var one = new java.util.concurrent.CompletableFuture<ReleasedPackage.Run>();
            Thread other = new Thread(() -> {
                try {
                    one.complete(run(dir, npx.env(), command(npx.bin().toString(), "doctor")));
                } catch (Exception e) {
                    one.completeExceptionally(e);
                }
            });
            other.start();
            var two = run(dir, npx.env(), command(npx.bin().toString(), "doctor"));
            for (var r : List.of(one.get(), two)) {
                assertTrue(r.stdout().contains("claude"), r.stdout() + r.stderr());
                assertFalse(r.stderr().contains("refused") || r.stderr().contains("corrupt"), r.stderr());
            }
            assertEquals(2, host.requests.get(), "both were downloading at once");
            assertEquals(List.of(npx.cachedJar()), npx.cacheFiles());
            assertEquals(ReleasedPackage.sha256(jar), ReleasedPackage.sha256(Files.readAllBytes(npx.cachedJar())));
        }
    }

    @Test
    void aReleaseThatCannotBeFetchedIsSaidOnStderrWithTheWayOut(@TempDir Path dir) throws Exception {
        try (ReleaseHost host = new ReleaseHost("/elsewhere", jar, 1)) {
            Installed npx = install(dir, host.base());
            var r = run(dir, npx.env(), command(npx.bin().toString()));
            assertNotEquals(0, r.exitCode());
            assertEquals("", r.stdout());
            assertTrue(r.stderr().contains("could not fetch " + host.base() + PATH_ON_HOST)
                    && r.stderr().contains("BG_AGENTS_DOWNLOAD_BASE"), r.stderr());
            assertEquals(List.of(), npx.cacheFiles());
        }
    }
}
