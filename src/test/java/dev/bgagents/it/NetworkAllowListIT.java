package dev.bgagents.it;

import com.sun.net.httpserver.HttpServer;
import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The allow-list's proxy is the job's, not the server's: it outlives a server killed mid-job, the agent still
 * reaches its listed host through it afterwards, and a cancel takes it down with the agent.
 */
class NetworkAllowListIT {

    @Test
    void theProxyOutlivesAKilledServerAndGoesWithACancel(@TempDir Path dir) throws Exception {
        HttpServer page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/", ex -> {
            byte[] b = "the listed page\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (ex) {
                ex.getResponseBody().write(b);
            }
        });
        page.start();
        String listed = "127.0.0.1:" + page.getAddress().getPort();
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = new ServerHarness(project, "")) {
            h.withProviders(Map.of(
                    "fetcher", Map.of("command", List.of("sh", "-c", "echo started; sleep 6; curl -sS --max-time 20 http://"
                            + listed + "/; echo \"curl=$?\""), "output", "text", "network", List.of(listed)),
                    "sleeper", Map.of("command", List.of("sh", "-c", "echo started; sleep 60"), "output", "text",
                            "network", List.of(listed)))).start();
            String id = h.spawn("fetch", Map.of("provider", "fetcher", "permissions", "workspace-write"));
            ProcessControlIT.awaitRunningWithOutput(h, id);
            Await.until("the job's proxy runs", java.time.Duration.ofSeconds(10), () -> proxies(h) > 0);
            h.killServerHard();
            assertTrue(proxies(h) > 0, "the proxy outlives the server");

            h.start();
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            String out = Files.readString(h.jobDir(id).resolve("stdout.log"));
            assertTrue(out.contains("the listed page\ncurl=0"), out + Files.readString(h.jobDir(id).resolve("stderr.log")));
            Await.until("the proxy ends with its job", java.time.Duration.ofSeconds(10), () -> proxies(h) == 0);

            String sleeping = h.spawn("sleep", Map.of("provider", "sleeper", "permissions", "workspace-write"));
            ProcessControlIT.awaitRunningWithOutput(h, sleeping);
            Await.until("the job's proxy runs", java.time.Duration.ofSeconds(10), () -> proxies(h) > 0);
            h.call("cancel_job", Map.of("job_id", sleeping));
            assertEquals("cancelled", h.awaitEnd(sleeping).get("status"));
            assertEquals(List.of(), h.survivors(), "nothing of the cancelled job's is left: agent, bridge, proxy");
        } finally {
            page.stop(0);
        }
    }

    /** The jobs' proxies among the processes of this test's servers. */
    private static long proxies(ServerHarness h) {
        return h.survivors().stream().filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())
                .orElse("").contains("dev.bgagents.sandbox.network.ProxyMain")).count();
    }
}
