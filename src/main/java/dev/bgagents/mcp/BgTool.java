package dev.bgagents.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/** One MCP tool: its definition (schemas, title, annotations) and its handler, side by side. */
interface BgTool {
    McpSchema.Tool definition();

    /**
     * Handles a call. Throw {@link BadInput} for caller mistakes; the server turns it into an
     * {@code isError} answer. {@code progressToken} is null unless the caller asked for progress.
     */
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken);
}
