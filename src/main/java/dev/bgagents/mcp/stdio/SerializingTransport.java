package dev.bgagents.mcp.stdio;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerTransport;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the SDK's session writes to: every outbound message passes {@code rewrite} and is then
 * emitted one at a time — the SDK's stdio transport drops a message that two threads emit at
 * once, and this server sends from several (tool calls, task waits, job-end pushes).
 */
public final class SerializingTransport implements McpServerTransport {
    private final McpServerTransport raw;
    private final UnaryOperator<JSONRPCMessage> rewrite;

    public SerializingTransport(McpServerTransport raw, UnaryOperator<JSONRPCMessage> rewrite) {
        this.raw = raw;
        this.rewrite = rewrite;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.defer(() -> {
            JSONRPCMessage m = rewrite.apply(message);
            Sinks.Empty<Void> sent = Sinks.empty();
            // the emit happens while subscribing, so holding the lock across it serializes emits
            synchronized (this) {
                raw.sendMessage(m).subscribe(v -> { }, sent::tryEmitError, sent::tryEmitEmpty);
            }
            return sent.asMono();
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return raw.unmarshalFrom(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return raw.closeGracefully();
    }

    @Override
    public void close() {
        raw.close();
    }

    @Override
    public List<String> protocolVersions() {
        return raw.protocolVersions();
    }
}
