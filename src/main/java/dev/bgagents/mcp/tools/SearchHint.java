package dev.bgagents.mcp.tools;

import java.util.Map;

/**
 * A tool's {@code _meta} naming the words a user says when they want it. Claude Code defers MCP
 * tools behind its ToolSearch, which ranks a deferred MCP tool by its name and this hint
 * ({@code anthropic/searchHint}) — not by its description — so without it "run this in the
 * background" finds the host's own tools instead of spawn_agent.
 */
final class SearchHint {
    static final String KEY = "anthropic/searchHint";

    private SearchHint() {
    }

    static Map<String, Object> of(String words) {
        return Map.of(KEY, words);
    }
}
