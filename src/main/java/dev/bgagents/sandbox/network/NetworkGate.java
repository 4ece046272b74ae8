package dev.bgagents.sandbox.network;

import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.sandbox.Sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A confined agent whose provider has a network allow-list: it runs in a sandbox with no network but a
 * loopback of its own, where a bridge ({@code socat}) listens on {@code 127.0.0.1:}{@value #PORT} and passes
 * each connection to the job's proxy ({@link ProxyMain}) through a Unix socket in the job's directory, and
 * the proxy variables point its clients there. The proxy is a process of the job's, not the server's: the
 * argument vector starts it beside the sandbox, in the job's process group (a cancel's kill reaches it, and
 * it carries the job's tag), and stops it when the agent ends. So the job keeps its
 * network rules across a server's restart, and a connection that does not go through the proxy finds no
 * network to go to.
 */
public final class NetworkGate {
    /** The bridge's port on the sandbox's own loopback, which nothing else there has yet. */
    static final int PORT = 3128;
    private static final Path RUN = Path.of("/run");
    /** How long a connection waits for the proxy to listen, from the job's start; a loaded machine's JVM takes seconds. */
    private static final int PROXY_START_MS = 20_000;

    /**
     * Outside the sandbox: $1 the network directory, $2 java, $3 the class path, $4 the provider, $5 the
     * entries; then the sandbox's argument vector. The proxy's output goes to the job's stderr, never its
     * stdout, which is the agent's to be parsed. The sandbox starts at once, not once the proxy listens: the
     * JVM's start (150 ms and more) then overlaps the agent's own, and the bridge waits for the proxy's socket
     * only when the agent first connects.
     */
    static final String OUTSIDE = """
            d=$1 j=$2 cp=$3 pr=$4 al=$5; shift 5
            (cd "$d" && exec "$j" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmx32m -Xss512k \
            -cp "$cp" dev.bgagents.sandbox.network.ProxyMain "$pr" "$al") >&2 &
            p=$!
            "$@"; c=$?
            kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null
            exit "$c"
            """;

    /**
     * Inside: $1 the network directory, $2 socat, $3 no_proxy; then the agent's argument vector. The agent
     * starts once the bridge listens (its socket in the namespace's /proc/net/tcp); each connection it makes
     * then waits, if it must, for the proxy's socket to appear. When it ends, so does every
     * other process in the sandbox's pid namespace (this shell is its pid 2, after bubblewrap's init): bubblewrap's
     * init waits for all of them before it exits, and a bridge still listening would hold the job open.
     */
    static final String INSIDE = """
            d=$1 s=$2 np=$3; shift 3
            (cd "$d" && exec "$s" TCP-LISTEN:%1$d,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:proxy.sock,retry=%3$d,interval=0.01) &
            i=0
            while ! grep -q ' 0100007F:%2$04X 00000000:0000 0A' /proc/net/tcp 2>/dev/null; do
              if [ "$i" -ge 1000 ]; then echo "bg-agents network: the sandbox's bridge did not start" >&2; exit 125; fi
              i=$((i+1)); sleep 0.01
            done
            u=http://127.0.0.1:%1$d
            export HTTP_PROXY=$u HTTPS_PROXY=$u http_proxy=$u https_proxy=$u ALL_PROXY=$u all_proxy=$u \
            NO_PROXY=$np no_proxy=$np
            "$@"; c=$?
            [ "$$" = 2 ] && kill -9 -1 2>/dev/null
            exit "$c"
            """.formatted(PORT, PORT, PROXY_START_MS / 10);

    private NetworkGate() {
    }

    /** Why a job of this system cannot have an allow-list here, or empty when it can. */
    public static Optional<String> unavailable(Sandbox sandbox) {
        if (!sandbox.name().equals("bubblewrap")) {
            return Optional.of("a network allow-list needs bubblewrap's network namespace (the sandbox here: "
                    + sandbox.name() + ")");
        }
        if (socat().isEmpty()) {
            return Optional.of("a network allow-list needs socat in the sandbox (apt install socat)");
        }
        return Optional.empty();
    }

    /**
     * {@code argv} as the agent runs it in {@code sandbox} under {@code rules}, its network only what
     * {@code allowed} lets the proxy reach.
     *
     * @param dir the job's network directory (the proxy's socket)
     */
    public static List<String> wrap(Sandbox sandbox, Sandbox.Rules rules, List<String> argv, String provider,
                                    NetworkAllowList allowed, Path dir) throws IOException {
        Optional<String> why = unavailable(sandbox);
        if (why.isPresent()) {
            throw new IOException("provider " + provider + " has a network allow-list, but " + why.get());
        }
        Files.createDirectories(dir);
        // the proxy of an earlier round is gone, and a socket it left would pass for the new one
        Files.deleteIfExists(dir.resolve(ProxyMain.SOCKET));
        List<Path> readable = new ArrayList<>(rules.readable());
        // a socket under /tmp the agent's environment names (SSH_AUTH_SOCK) is not bound back in: a way out
        readable.removeIf(NetworkGate::isSocket);
        readable.add(dir);
        Map<Path, Path> shown = new HashMap<>(rules.shown());
        if (rules.privateTmp() != null && Files.isDirectory(RUN)) {
            // a socket is connected to, not written, so the read-only file system leaves every Unix socket the
            // machine has in reach: /run holds the common ones (Docker's, D-Bus's, the user's runtime directory
            // with its ssh and gpg agents), shown empty — a directory of the agent's /tmp, writable as that is
            shown.putIfAbsent(RUN, Files.createDirectories(rules.privateTmp().resolve(".run")));
        }
        Sandbox.Rules closed = new Sandbox.Rules(rules.workdir(), rules.writable(), readable, rules.privateTmp(), false,
                rules.sealed(), shown, rules.detached());
        List<String> inside = new ArrayList<>(List.of("/bin/sh", "-c", INSIDE, "bg-agents-bridge", dir.toString(),
                socat().get().toString(), noProxy(allowed)));
        inside.addAll(argv);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", OUTSIDE, "bg-agents-net", dir.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), classPath(), provider,
                String.join(",", allowed.entries())));
        cmd.addAll(sandbox.wrap(inside, closed));
        return cmd;
    }

    /**
     * The loopback names the agent reaches directly, in its own namespace (a server it runs for its tests):
     * those the allow-list does not name. One it names is the machine's, which only the proxy reaches.
     */
    static String noProxy(NetworkAllowList allowed) {
        List<String> direct = new ArrayList<>();
        for (String name : List.of("localhost", "127.0.0.1", "::1")) {
            String asked = name.contains(":") ? "[" + name + "]" : name;
            if (allowed.entries().stream().noneMatch(e -> e.equals(asked) || e.startsWith(asked + ":"))) {
                direct.add(name);
            }
        }
        return String.join(",", direct);
    }

    /** The server's own jar (or classes, under a test), which holds the proxy and needs nothing else. */
    private static String classPath() throws IOException {
        try {
            return Path.of(NetworkGate.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find the jar the network proxy is in: " + e.getMessage());
        }
    }

    private static boolean isSocket(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> socat() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "socat"))) {
                return Optional.of(Path.of(d, "socat"));
            }
        }
        return Optional.empty();
    }
}
