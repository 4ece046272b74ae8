package dev.bgagents.sandbox.network;

import com.sun.net.httpserver.HttpServer;
import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.sandbox.Sandbox;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real process in bubblewrap with an allow-list, as a job runs it: two HTTP servers on the machine's
 * 127.0.0.1, one allowed by its port and one not. curl (which honours the proxy variables) reaches the
 * allowed one through the job's proxy, both as a plain request and through a CONNECT tunnel; the other is
 * refused with the reason, in one line of stderr; going around the proxy finds no network at all. Then
 * nothing of the job's is left running.
 */
class NetworkGateIT {
    @TempDir
    Path dir;

    @Test
    void anAllowedHostIsReachedThroughTheProxyAndNothingElseIs() throws Exception {
        Sandbox sandbox = Sandbox.forThisSystem();
        Assumptions.assumeTrue(NetworkGate.unavailable(sandbox).isEmpty(), "no bubblewrap and socat here");
        HttpServer allowed = server("from the allowed server");
        HttpServer other = server("from the other server");
        try {
            int a = allowed.getAddress().getPort();
            int b = other.getAddress().getPort();
            Path work = Files.createDirectories(dir.resolve("work"));
            // a socket of the machine's under /run, as Docker's or D-Bus's are
            Path runSocket = Path.of("/run", "bg-agents-test-" + UUID.randomUUID() + ".sock");
            Process listening = Files.isWritable(Path.of("/run")) ? new ProcessBuilder("socat",
                    "UNIX-LISTEN:" + runSocket + ",fork", "SYSTEM:echo reached").start() : null;
            Sandbox.Rules rules = new Sandbox.Rules(work, List.of(work), List.of(), Files.createDirectories(
                    dir.resolve("agent-tmp")), true, List.of(), Map.of(), true);
            String script = String.join("\n",
                    "curl -sS --max-time 20 http://127.0.0.1:" + a + "/; echo \"plain=$?\"",
                    "curl -sS --max-time 20 -p http://127.0.0.1:" + a + "/; echo \"tunnel=$?\"",
                    "curl -s -o /dev/null -w 'other=%{http_code}\\n' --max-time 20 http://127.0.0.1:" + b + "/",
                    "curl -s -p -o /dev/null --max-time 20 http://127.0.0.1:" + b + "/; echo \"othertunnel=$?\"",
                    "curl -s --noproxy '*' --max-time 5 http://127.0.0.1:" + a + "/; echo \"direct=$?\"",
                    "curl -s --noproxy '*' --max-time 5 http://1.1.1.1/; echo \"outside=$?\"",
                    "socat -u UNIX-CONNECT:" + runSocket + " - 2>/dev/null; echo \"runsocket=$?\"");
            String tag = "net-" + UUID.randomUUID();
            List<String> argv = NetworkGate.wrap(sandbox, rules, List.of("/bin/sh", "-c", script), "custom",
                    NetworkAllowList.of(List.of("127.0.0.1:" + a)), dir.resolve("net"));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            pb.environment().put("BG_AGENTS_JOB", tag);
            Process p = pb.start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the job ended");
            String out = Files.readString(dir.resolve("out"));
            String err = Files.readString(dir.resolve("err"));
            String all = out + "\n--- stderr:\n" + err;
            assertEquals(0, p.exitValue(), all);
            assertTrue(out.contains("from the allowed server\nplain=0"), all);
            assertTrue(out.contains("from the allowed server\ntunnel=0"), all);
            assertTrue(out.contains("other=403"), all);
            assertTrue(out.contains("othertunnel=56"), "curl: the proxy refused the tunnel\n" + all);
            assertTrue(out.contains("direct=7"), "no way around the proxy\n" + all);
            assertTrue(out.contains("outside=7"), all);
            assertFalse(out.contains("from the other server"), all);
            if (listening != null) {
                assertTrue(out.contains("runsocket=1") && !out.contains("reached"), "/run is shown empty\n" + all);
                listening.destroy();
                Files.deleteIfExists(runSocket);
            }
            List<String> refused = err.lines().filter(l -> l.startsWith("bg-agents network: refused")).toList();
            assertEquals(List.of("bg-agents network: refused GET 127.0.0.1:" + b + " is not on providers.custom.network "
                    + "(127.0.0.1:" + a + ")", "bg-agents network: refused CONNECT 127.0.0.1:" + b + " is not on "
                    + "providers.custom.network (127.0.0.1:" + a + ")"), refused, all);
            assertEquals(List.of(), survivors(tag), "the proxy and the bridge end with the job");
            assertEquals(List.of("GET 127.0.0.1:" + b, "CONNECT 127.0.0.1:" + b),
                    Files.readAllLines(dir.resolve("net").resolve(ProxyMain.REFUSED)), "the proxy's own record, for the summary");
        } finally {
            allowed.stop(0);
            other.stop(0);
        }
    }

    private static HttpServer server(String says) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] b = (says + "\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (ex) {
                ex.getResponseBody().write(b);
            }
        });
        s.start();
        return s;
    }

    /** Processes that still carry the job's tag, as a cancel would look for them. */
    static List<String> survivors(String tag) throws Exception {
        List<String> left = new ArrayList<>();
        for (int tries = 0; tries < 20; tries++) {
            left.clear();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path pid : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        if (new String(Files.readAllBytes(pid.resolve("environ")), StandardCharsets.UTF_8)
                                .contains("BG_AGENTS_JOB=" + tag)) {
                            left.add(pid.getFileName() + " " + Files.readString(pid.resolve("cmdline")).replace('\0', ' '));
                        }
                    } catch (Exception e) {
                        // gone, or not ours to read
                    }
                }
            }
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
