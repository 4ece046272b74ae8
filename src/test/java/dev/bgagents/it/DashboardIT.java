package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code bg-agents dashboard} as its user meets it: started from the jar, opened in Debian's
 * headless Chromium driven by playwright-core (both installed by .ci/run), watched while the
 * server runs jobs; and its guards, asked over a plain socket.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path PLAYWRIGHT = Path.of(".tools/browser/node_modules/playwright-core").toAbsolutePath();
    private static final Path DRIVER = Path.of("src/test/resources/dashboard/drive.cjs").toAbsolutePath();
    /** Kept as the test's artifact, and the picture in docs/dashboard.md (docs/dashboard-plan.png). */
    static final Path SCREENSHOT = Path.of("target/dashboard-plan.png").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dashboard process and the address it printed. */
    record Served(Process process, URI url) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Served dashboard(Path project) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", ServerHarness.JAR.toString(), "dashboard", "--project",
                project.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertNotNull(first, "the dashboard printed its address");
        assertTrue(first.matches("bg-agents dashboard: http://127\\.0\\.0\\.1:\\d+/t/[0-9a-f]{32}/"), first);
        return new Served(p, URI.create(first.substring(first.indexOf("http"))));
    }

    private static void requireBrowser() {
        boolean there = Files.isExecutable(CHROMIUM) && Files.isDirectory(PLAYWRIGHT);
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(there, "chromium at " + CHROMIUM + " and playwright-core at " + PLAYWRIGHT + " (.ci/run installs them)");
        }
        Assumptions.assumeTrue(there, "no chromium or playwright-core here");
    }

    private static Process browser(URI url, String mode) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", DRIVER.toString(), url.toString(), mode, SCREENSHOT.toString());
        pb.environment().put("PLAYWRIGHT_CORE", PLAYWRIGHT.toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        return pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static JsonNode result(BufferedReader lines, Process node) throws Exception {
        String line = lines.readLine();
        assertTrue(node.waitFor(90, TimeUnit.SECONDS), "the browser run ended");
        assertNotNull(line, "the browser run said what it saw");
        JsonNode r = JSON.readTree(line);
        assertFalse(r.has("failed"), r.path("failed").asText());
        assertEquals(0, r.path("errors").size(), "no script errors on the page: " + r.path("errors"));
        assertTrue(r.path("sameDocument").asBoolean(), "never reloaded");
        return r;
    }

    @Test
    void aJobAppearsChangesStatusAndEndsOnThePageWithoutAReload(@TempDir Path dir) throws Exception {
        requireBrowser();
        try (ServerHarness h = new ServerHarness(dir, "").start(); Served d = dashboard(dir)) {
            Process node = browser(d.url(), "job");
            BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", lines.readLine(), "the page loaded with no jobs");
            String id = h.spawn("MODE:work=1", Map.of());
            JsonNode r = result(lines, node);
            List<String> states = new ArrayList<>();
            r.path("states").forEach(s -> states.add(s.asText()));
            assertTrue(states.size() >= 2, "it changed on the page: " + states);
            assertTrue(states.get(0).startsWith(id + "=") && !states.get(0).endsWith("=succeeded"),
                    "first seen still going: " + states);
            assertEquals(id + "=succeeded", states.get(states.size() - 1), states.toString());
            String detail = r.path("detail").asText();
            assertTrue(detail.contains("$ npm test -> exit 1"), "the log tail, readable: " + detail);
            assertTrue(detail.contains("fix.txt"), "the diffstat: " + detail);
            assertTrue(detail.contains(id + ": succeeded"), "the summary: " + detail);
            assertEquals("live", r.path("link").asText());
        }
    }

    @Test
    void aRunningPlanIsDrawnAsWavesOfBoxesWithArrowsAndKeptAsAScreenshot(@TempDir Path dir) throws Exception {
        requireBrowser();
        String plan = """
                # Search page

                ## Tasks

                1. **Index schema**: MODE:sleep=6 add the search index
                2. **Query parser**: MODE:sleep=6 parse search queries
                3. **Search endpoint**: MODE:sleep=2 serve /search from the index and the parser
                   Depends on: 1, 2
                4. **Results page**: MODE:sleep=2 render the results
                   Depends on: 3
                """;
        try (ServerHarness h = new ServerHarness(dir, "").start(); Served d = dashboard(dir)) {
            String session = (String) ServerHarness.structured(h.call("decompose_plan", Map.of("plan", plan)))
                    .get("session");
            h.call("spawn_agent", Map.of("session", session));
            Files.deleteIfExists(SCREENSHOT);
            Process node = browser(d.url(), "plan");
            JsonNode r = result(new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)), node);
            assertEquals(4, r.path("boxes").size(), r.toString());
            List<String> arrows = new ArrayList<>();
            r.path("arrows").forEach(a -> arrows.add(a.asText()));
            assertEquals(3, arrows.size(), "one arrow per dependency: " + arrows);
            assertTrue(r.path("boxes").toString().contains("=running"), r.toString());
            assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the running plan at " + SCREENSHOT);
        }
    }

    @Test
    void itAnswersOnlyItsOwnAddressWithItsTokenAndNothingWrites(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start(); Served d = dashboard(dir)) {
            int port = d.url().getPort();
            String path = d.url().getPath();
            String ok = request(port, "GET", path + "jobs.json", "127.0.0.1:" + port);
            assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
            assertTrue(ok.contains("\"jobs\":[]"), ok);
            assertTrue(ok.toLowerCase().contains("content-security-policy: default-src 'none'"), ok);
            assertTrue(request(port, "GET", path, "localhost:" + port).startsWith("HTTP/1.1 200"));
            // a page on another site that rebinds its name to 127.0.0.1 still sends its own name
            assertTrue(request(port, "GET", path, "attacker.example:" + port).startsWith("HTTP/1.1 403"));
            assertTrue(request(port, "GET", "/t/" + "0".repeat(32) + "/jobs.json", "127.0.0.1:" + port)
                    .startsWith("HTTP/1.1 404"), "no token, no data");
            assertTrue(request(port, "GET", "/", "127.0.0.1:" + port).startsWith("HTTP/1.1 404"));
            for (String method : List.of("POST", "PUT", "DELETE")) {
                assertTrue(request(port, method, path + "jobs.json", "127.0.0.1:" + port).startsWith("HTTP/1.1 405"), method);
            }
        }
    }

    @Test
    void requestsThatNeverFinishHoldNoThreadAndEventStreamsAreCapped(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start(); Served d = dashboard(dir)) {
            int port = d.url().getPort();
            String path = d.url().getPath();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2_000; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    open.add(s);
                    // half a request, without the token, never finished
                    s.getOutputStream().write(("GET /x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                int threads = threads(d.process().pid());
                assertTrue(threads < 100, "2,000 half-sent requests hold " + threads + " threads");
                String ok = request(port, "GET", path + "jobs.json", "127.0.0.1:" + port);
                assertTrue(ok.startsWith("HTTP/1.1 200"), "a real request is still answered: " + ok);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
                open.clear();
            }

            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    open.add(s);
                    assertTrue(eventsHead(s, port, path).startsWith("HTTP/1.1 200"), "page " + (i + 1));
                }
                Socket ninth = new Socket("127.0.0.1", port);
                open.add(ninth);
                String refused = eventsHead(ninth, port, path);
                assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
                assertTrue(refused.endsWith("\r\n\r\nbusy: 8 pages of this dashboard are open already; close one\n"),
                        refused);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            // the streams of the pages that went away end, and a new page gets one
            String again = dev.bgagents.Await.value("a new page's event stream", java.time.Duration.ofSeconds(30), () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return eventsHead(s, port, path);
                } catch (Exception e) {
                    return e.toString();
                }
            }, head -> head.startsWith("HTTP/1.1 200"));
            assertTrue(again.startsWith("HTTP/1.1 200"), again);
        }
    }

    /** The status line and headers of an event stream's answer (and a refusal's whole body). */
    private static String eventsHead(Socket s, int port, String path) throws Exception {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + path + "events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        // a stream goes on, so only its first bytes are read: up to the end of its headers, or of a refusal's body
        StringBuilder got = new StringBuilder();
        byte[] b = new byte[4096];
        for (int n; (n = s.getInputStream().read(b)) > 0; ) {
            got.append(new String(b, 0, n, StandardCharsets.UTF_8));
            String text = got.toString();
            int head = text.indexOf("\r\n\r\n");
            if (head >= 0 && (!text.startsWith("HTTP/1.1 503") || text.length() - head - 4 >= contentLength(text))) {
                break;
            }
        }
        return got.toString();
    }

    private static int contentLength(String response) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: (\\d+)\r\n").matcher(response);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The process's thread count, from /proc. */
    private static int threads(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).strip()))
                .findFirst().orElseThrow();
    }

    private static String request(int port, String method, String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
