package dev.bgagents.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the release host on 127.0.0.1: serves {@code bytes} at {@code /v<version>/<name>}
 * (the path the launcher asks of BG_AGENTS_DOWNLOAD_BASE) and 404 for anything else. With
 * {@code holdUntil} requests, each answer stops half-way until that many have arrived: two
 * launchers are then provably downloading at the same time.
 */
final class ReleaseHost implements AutoCloseable {
    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    ReleaseHost(String path, byte[] bytes, int holdUntil) throws IOException {
        CountDownLatch arrived = new CountDownLatch(holdUntil);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            arrived.countDown();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                arrived.await(30, TimeUnit.SECONDS);
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** What BG_AGENTS_DOWNLOAD_BASE is set to. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
