package dev.bgagents.orchestration.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** A webhook receiver on 127.0.0.1: records every request; answers the codes it is given in turn, then 200. */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Request(String event, String delivery, String signature, String body, long nanos) {
    }

    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    private final HttpServer server;

    public Receiver(Integer... firstAnswers) throws IOException {
        answers.addAll(List.of(firstAnswers));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(x.getRequestHeaders().getFirst("X-BgAgents-Event"),
                    x.getRequestHeaders().getFirst("X-BgAgents-Delivery"),
                    x.getRequestHeaders().getFirst("X-BgAgents-Signature-256"), body, System.nanoTime()));
            Integer code = answers.poll();
            x.sendResponseHeaders(code == null ? 200 : code, -1);
            x.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Request> ofType(String type) {
        synchronized (requests) {
            return requests.stream().filter(r -> type.equals(r.event())).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
