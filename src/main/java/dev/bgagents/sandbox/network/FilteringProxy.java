package dev.bgagents.sandbox.network;

import dev.bgagents.config.NetworkAllowList;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTTP proxy a confined agent's only way out: it takes connections on a Unix socket (the sandbox has no
 * network but its own loopback, where a bridge passes them on to it), and opens to the host a request names
 * only when the provider's allow-list has it. A refusal is answered {@code 403} with the reason and written
 * to the job's stderr as one line, so that the person reading a failed job's output sees which host it
 * wanted. Channels are used directly, not as streams: {@code Channels.newInputStream} and
 * {@code newOutputStream} of one channel share its blocking lock, and a tunnel reads and writes at once.
 */
final class FilteringProxy {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 15_000;

    private final NetworkAllowList allowed;
    private final String provider;
    private final PrintStream log;
    private final PrintStream refusals;

    /**
     * @param log      the job's stderr, for the person reading its output
     * @param refusals where each refusal is recorded for the job's summary ({@code METHOD host:port} a line): a
     *                 file the agent cannot write, unlike its stderr, so a line there is the proxy's own
     */
    FilteringProxy(NetworkAllowList allowed, String provider, PrintStream log, PrintStream refusals) {
        this.allowed = allowed;
        this.provider = provider;
        this.log = log;
        this.refusals = refusals;
    }

    /** Serves until the socket is closed; each connection on a thread of its own. */
    void serve(ServerSocketChannel server) throws IOException {
        while (server.isOpen()) {
            SocketChannel client = server.accept();
            start(() -> handle(client));
        }
    }

    /** A thread per direction of a connection (Java 17: no virtual threads); an agent keeps a handful open. */
    private static Thread start(Runnable r) {
        Thread t = new Thread(null, r, "proxy", 256 * 1024);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void handle(SocketChannel client) {
        try (client) {
            ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
            int end;
            while ((end = headEnd(in)) < 0) {
                if (!in.hasRemaining() || client.read(in) < 0) {
                    return; // gone before it asked, or a head no proxy reads
                }
            }
            String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
            StringBuilder why = new StringBuilder();
            Optional<RequestHead> asked = RequestHead.parse(head, why);
            if (asked.isEmpty()) {
                answer(client, 400, "Bad Request", why.toString());
                return;
            }
            RequestHead r = asked.get();
            if (!allowed.allows(r.host(), r.port())) {
                String reason = r.target() + " is not on providers." + provider + ".network (" + allowed + ")";
                log.println("bg-agents network: refused " + r.method() + " " + reason);
                refusals.println(r.method() + " " + r.target());
                answer(client, 403, "Forbidden", "bg-agents refused: " + reason);
                return;
            }
            SocketChannel server;
            try {
                server = SocketChannel.open();
                server.socket().connect(new InetSocketAddress(r.host(), r.port()), CONNECT_TIMEOUT_MS);
            } catch (IOException | RuntimeException e) {
                log.println("bg-agents network: could not reach " + r.target() + " (" + e + ")");
                answer(client, 502, "Bad Gateway", "bg-agents could not reach " + r.target() + ": " + e.getMessage());
                return;
            }
            try (server) {
                if (r.tunnel()) {
                    writeAll(client, ByteBuffer.wrap("HTTP/1.1 200 Connection Established\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1)));
                } else {
                    writeAll(server, ByteBuffer.wrap(r.forward()));
                }
                // what the client sent after its head (a body's start, a TLS hello) goes on first
                writeAll(server, ByteBuffer.wrap(in.array(), end + 4, in.position() - end - 4));
                Thread back = start(() -> pump(server, client));
                pump(client, server);
                back.join();
            }
        } catch (IOException e) {
            // the client or the server hung up mid-way: nothing to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then ends the write side of {@code to} so its peer sees the end too. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                writeAll(to, buf);
                buf.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // closing what is already broken
            }
        }
    }

    private static void writeAll(SocketChannel to, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            to.write(buf);
        }
    }

    private static void answer(SocketChannel client, int status, String phrase, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
        writeAll(client, ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        writeAll(client, ByteBuffer.wrap(b));
    }

    /** Where the head ends ({@code \r\n\r\n}) in what was read so far, or -1. */
    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                return i - 3;
            }
        }
        return -1;
    }
}
