package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Refusal;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Tool answers onto the wire: the one place an {@link Answer} becomes a {@code CallToolResult}. */
public final class Answers {
    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /**
     * A call of {@code tool} with the arguments a client sent; a caller's mistake or a refusal is a
     * one-line error, a fault inside bg-agents one too (details in the log) — never an exception.
     */
    public static Answer call(BgTool tool, Map<String, Object> arguments, Progress progress) {
        McpSchema.Tool def = tool.definition();
        try {
            return tool.call(ToolArgs.of(def, arguments), progress);
        } catch (BadInput | Refusal e) {
            return Answer.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error(def.name() + " failed", e);
            return Answer.error(def.name() + " failed inside bg-agents: " + e + " (details in the server log)");
        }
    }

    public static CallToolResult result(Answer a) {
        CallToolResult.Builder b = CallToolResult.builder().addTextContent(a.text()).isError(a.isError());
        if (a.structured() != null) {
            b.structuredContent(a.structured());
        }
        return b.build();
    }
}
