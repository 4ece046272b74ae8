package dev.bgagents.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

/**
 * A tool listed as usual but answering every call with why the server cannot serve it — a broken
 * config file — so the model reads the reason and the fix instead of the host showing "failed".
 */
public final class UnavailableTool implements BgTool {
    private final McpSchema.Tool definition;
    private final String problem;

    private UnavailableTool(McpSchema.Tool definition, String problem) {
        this.definition = definition;
        this.problem = problem;
    }

    /** The seven tools, each answering {@code problem}. */
    public static List<BgTool> all(String problem) {
        return Tools.of(null, null, null, null, null, null, null).stream()
                .map(t -> (BgTool) new UnavailableTool(t.definition(), problem)).toList();
    }

    @Override
    public McpSchema.Tool definition() {
        return definition;
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        return Answer.error(problem);
    }
}
