package dev.bgagents.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * One MCP tool: its definition (schemas, title, annotations), its handler and the rendering of
 * its answer, side by side; built from a small interface of the services it needs.
 */
public interface BgTool {
    McpSchema.Tool definition();

    /**
     * Handles a call whose arguments were checked against the definition's properties. Throws
     * {@link BadInput} (or a refusal from the services) for caller mistakes; the server turns it
     * into an {@code isError} answer.
     */
    Answer call(ToolArgs args, Progress progress);

    default String name() {
        return definition().name();
    }
}
