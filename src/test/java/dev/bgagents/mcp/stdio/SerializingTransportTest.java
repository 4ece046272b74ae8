package dev.bgagents.mcp.stdio;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** Messages from many threads at once all reach the transport, each rewritten, none dropped. */
class SerializingTransportTest {

    @Test
    void concurrentSendsAreEmittedOneAtATime() throws Exception {
        MockTransport raw = new MockTransport();
        SerializingTransport out = new SerializingTransport(raw, m -> m);
        int threads = 8;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    out.sendMessage(new McpSchema.JSONRPCNotification("2.0", "n/" + n, Map.of("i", i))).block();
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(0, raw.dropped.get());
        assertEquals(threads * each, raw.sent.size());
    }

    @Test
    void withoutItTheSameLoadLosesMessages() throws Exception {
        MockTransport raw = new MockTransport();
        // overlapping sends are likely, not certain, in one round on a busy machine: a few rounds make it sure
        for (int round = 0; round < 20 && raw.dropped.get() == 0; round++) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 2000; i++) {
                        raw.sendMessage(new McpSchema.JSONRPCNotification("2.0", "n", null)).onErrorComplete().block();
                    }
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
        }
        assertTrue(raw.dropped.get() > 0, "the mock must be able to tell: it dropped " + raw.dropped.get());
    }

    @Test
    void everyMessagePassesTheRewrite() {
        MockTransport raw = new MockTransport();
        SerializingTransport out = new SerializingTransport(raw,
                m -> new McpSchema.JSONRPCNotification("2.0", "rewritten", null));
        out.sendMessage(new McpSchema.JSONRPCNotification("2.0", "original", null)).block();
        assertEquals("rewritten", ((McpSchema.JSONRPCNotification) raw.sent.get(0)).method());
    }
}
