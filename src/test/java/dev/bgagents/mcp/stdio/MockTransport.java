package dev.bgagents.mcp.stdio;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerTransport;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server transport that records what is sent — and, like the SDK's stdio transport, fails a
 * message emitted while another is being emitted.
 */
public final class MockTransport implements McpServerTransport {
    public final List<JSONRPCMessage> sent = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.defer(() -> {
            if (inFlight.incrementAndGet() > 1) {
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                return Mono.error(new IllegalStateException("FAIL_NON_SERIALIZED"));
            }
            try {
                Thread.onSpinWait();
                sent.add(message);
                return Mono.empty();
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return McpJsonDefaults.getMapper().convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public List<String> protocolVersions() {
        return List.of("2025-11-25", "2025-06-18");
    }
}
