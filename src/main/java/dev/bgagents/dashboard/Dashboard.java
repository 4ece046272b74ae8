package dev.bgagents.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bgagents.summary.Redactor;
import dev.bgagents.view.ProjectJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A page of the jobs, live, for the person who owns the machine: it listens on 127.0.0.1 only,
 * answers only under a random token in its path, refuses any Host header but its own address (a
 * page elsewhere cannot reach it by DNS rebinding), and reads only — GET and HEAD — but for one
 * write: Allow or Deny on a job's question to a person ({@link AnswerEndpoint}, guarded against
 * other sites). The page gets its data as server-sent events, a new document whenever what it
 * shows has changed.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final long LOOK_MS = 1000;
    /** Threads that serve requests: the JDK's server reads each request on one of them. */
    private static final int THREADS = 16;
    /** Event streams open at once, each holding a thread while it lasts; leaves the rest for requests. */
    private static final int MAX_EVENT_STREAMS = 8;
    /** Requests waiting for a thread; past it a connection is closed at once (the JDK's server does it). */
    private static final int WAITING = 4_096;
    /** Seconds a request may take to arrive whole; past it the JDK's server closes it, freeing its thread. */
    private static final String MAX_REQUEST_SECONDS = "5";
    private static final Map<String, String> ASSETS = Map.of(
            "", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final HttpServer http;
    private final String token;
    private final Snapshot snapshot;
    private final AnswerEndpoint answers;
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-look"));
    private final ExecutorService clients = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new NewestFirst<>(WAITING), daemon("dashboard-client"));
    private final Semaphore eventStreams = new Semaphore(MAX_EVENT_STREAMS);
    private final LiveDocument document = new LiveDocument();
    private final Set<String> hosts;

    private Dashboard(HttpServer http, String token, Snapshot snapshot, AnswerEndpoint answers) {
        this.http = http;
        this.token = token;
        this.snapshot = snapshot;
        this.answers = answers;
        int port = http.getAddress().getPort();
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    }

    /** Serves the projects' jobs on 127.0.0.1 at {@code port} (0: any free one). */
    public static Dashboard start(List<ProjectJobs> projects, int port) throws IOException {
        // read once by the JDK's server, as its classes load: without a bound, a request that never
        // finishes arriving holds its thread for ever (5,000 of them held 5,018 threads, 520 MB resident)
        setUnlessGiven("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxConnections", Integer.toString(WAITING));
        // a backlog of 16 dropped connections in bursts (each then waited a second for the retry)
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        Dashboard d = new Dashboard(http, HexFormat.of().formatHex(random),
                new Snapshot(projects, new Redactor(System.getenv())), new AnswerEndpoint(projects, http.getAddress().getPort()));
        http.createContext("/", d::handle);
        http.setExecutor(d.clients);
        d.look();
        d.looker.scheduleWithFixedDelay(d::look, LOOK_MS, LOOK_MS, TimeUnit.MILLISECONDS);
        http.start();
        return d;
    }

    /** The address to open, token included. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/t/" + token + "/");
    }

    private void look() {
        try {
            document.update(snapshot.json());
        } catch (IOException | RuntimeException e) {
            LOG.warn("dashboard: reading the jobs failed: {}", e.toString());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                            + "frame-ancestors 'none'");
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host == null || !hosts.contains(host.toLowerCase())) {
                send(ex, 403, "text/plain", "forbidden: this dashboard answers only at its own address\n");
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String prefix = "/t/" + token + "/";
            boolean mine = path.startsWith("/t/") && path.length() >= prefix.length()
                    && MessageDigest.isEqual(path.substring(0, prefix.length()).getBytes(StandardCharsets.UTF_8),
                    prefix.getBytes(StandardCharsets.UTF_8));
            String rest = mine ? path.substring(prefix.length()) : null;
            if (method.equals("POST") && "answer".equals(rest)) {
                AnswerEndpoint.Reply r = answers.post(ex);
                send(ex, r.code(), "application/json", r.json());
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "read-only but for answers: GET only\n");
                return;
            }
            if (rest == null) {
                send(ex, 404, "text/plain", "not found\n");
                return;
            }
            if (rest.equals("events")) {
                if (!eventStreams.tryAcquire()) {
                    send(ex, 503, "text/plain", "busy: " + MAX_EVENT_STREAMS + " pages of this dashboard are open "
                            + "already; close one\n");
                    return;
                }
                try {
                    events(ex);
                } finally {
                    eventStreams.release();
                }
            } else if (rest.equals("jobs.json")) {
                send(ex, 200, "application/json", document.current());
            } else if (ASSETS.containsKey(rest)) {
                // the page carries its own CSRF token, which a write must send back
                send(ex, 200, ASSETS.get(rest), rest.isEmpty() ? asset("index.html").replace("{{csrf}}", answers.issue())
                        : asset(rest));
            } else {
                send(ex, 404, "text/plain", "not found\n");
            }
        }
    }

    /** Server-sent events: the document now, then each new one ({@link LiveDocument#stream}). */
    private void events(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        document.stream(ex.getResponseBody());
    }

    private static String asset(String name) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IOException("the page's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        looker.shutdownNow();
        clients.shutdownNow();
    }

    /**
     * Requests waiting for a thread, the newest taken first: behind a burst of requests that never
     * finish, served oldest first, a real one would be reached only as its own time ran out.
     */
    private static final class NewestFirst<E> extends LinkedBlockingDeque<E> {
        NewestFirst(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(E e) {
            return offerFirst(e);
        }
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
