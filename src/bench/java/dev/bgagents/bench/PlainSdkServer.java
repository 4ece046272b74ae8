package dev.bgagents.bench;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The start-up baseline: a plain MCP Java SDK server with one tool, as the SDK's README builds
 * it, run with the JVM's defaults. The benchmark measures bg-agents against it in the same run.
 */
public final class PlainSdkServer {
    private PlainSdkServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        McpSchema.Tool echo = McpSchema.Tool.builder("echo", Map.of("type", "object", "properties",
                Map.of("text", Map.of("type", "string")))).description("Echoes its text.").build();
        McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
                .serverInfo("plain", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder().tool(echo)
                        .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                        .build())
                .build();
        new CountDownLatch(1).await();
    }
}
