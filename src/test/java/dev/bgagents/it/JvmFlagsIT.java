package dev.bgagents.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registered as {@code java -jar bg-agents.jar} (what many hosts' docs show), the server runs
 * with the launcher's JVM flags all the same: in a child JVM whose stdio is the host's pipes.
 */
class JvmFlagsIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static Map<String, String> env(ServerHarness h) {
        return Map.of("BG_AGENTS_JVM", "", "BG_AGENTS_PROJECT", h.project.toString(),
                "XDG_STATE_HOME", h.stateHome.toString(),
                "BG_AGENTS_CONFIG", h.project.resolve(".git/bg-agents.json").toString());
    }

    private static List<ProcessHandle> servers() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(l -> l.contains(ServerHarness.JAR.toString())).orElse(false)).toList();
    }

    @Test
    void startedWithJavaJarTheServerRunsWithTheLauncherFlagsAndEndsWithItsHost(@TempDir Path dir) throws Exception {
        ServerHarness h = new ServerHarness(Files.createDirectories(dir.resolve("project")), "");
        var transport = new StdioClientTransport(ServerParameters.builder(JAVA).args("-jar", ServerHarness.JAR.toString())
                .env(env(h)).build(), McpJsonDefaults.getMapper());
        List<ProcessHandle> started;
        try (McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            c.initialize();
            assertTrue(c.listTools().tools().stream().anyMatch(t -> t.name().equals("spawn_agent")));
            String job = ServerHarness.text(c.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
                    "job_status", Map.of())));
            assertFalse(job.isBlank());
            started = servers();
            assertEquals(2, started.size(), "the JVM the host started and the server it re-started: " + started);
            String child = started.stream().map(p -> p.info().commandLine().orElse(""))
                    .filter(l -> l.contains("-Xmx256m")).findFirst().orElseThrow();
            assertTrue(child.contains("-XX:+UseSerialGC") && child.contains("-XX:TieredStopAtLevel=1"), child);
            c.closeGracefully();
        }
        for (ProcessHandle p : started) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSigtermToTheJvmTheHostStartedEndsTheServerToo(@TempDir Path dir) throws Exception {
        ServerHarness h = new ServerHarness(Files.createDirectories(dir.resolve("project")), "");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", ServerHarness.JAR.toString());
        pb.environment().putAll(env(h));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process host = pb.start();
        var raw = new RawMcpClient(host);
        raw.initialize("2025-06-18");
        ProcessHandle server = host.toHandle().children().findFirst().orElseThrow();
        assertTrue(server.info().commandLine().orElse("").contains("-Xmx256m"));
        host.destroy();
        assertTrue(host.waitFor(30, TimeUnit.SECONDS));
        server.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(server.isAlive());
        assertEquals(List.of(), raw.notJson, "stdout held only protocol");
    }

    @Test
    void theServersExitStatusIsTheOneTheHostSees(@TempDir Path dir) throws Exception {
        ServerHarness h = new ServerHarness(Files.createDirectories(dir.resolve("project")), "");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", ServerHarness.JAR.toString());
        pb.environment().putAll(env(h));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process host = pb.start();
        assertTrue(host.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, host.exitValue(), "stdin closed: the server ends cleanly, and so does the JVM the host started");
    }
}
