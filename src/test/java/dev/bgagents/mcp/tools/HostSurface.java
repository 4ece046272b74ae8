package dev.bgagents.mcp.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

/**
 * What a host's model receives of bg-agents on every turn, computed from what the server sends
 * (tools/list and the instructions of its initialize answer) by the rule each host applies, as
 * measured on the wire (see {@code HostBench}, which reads the same figure from real requests).
 * <p>Claude Code: each tool as {@code {"name":"mcp__bg-agents__<name>","description":…,"input_schema":…}}
 * in compact JSON (title, outputSchema, annotations and {@code _meta} are not sent), plus its
 * "## bg-agents\n" section of the server's instructions, which stays in the conversation.
 */
public final class HostSurface {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CLAUDE_CODE = "claude-code";

    private HostSurface() {
    }

    /** The tools as the server lists them (services are not needed for the definitions). */
    public static List<McpSchema.Tool> definitions() {
        return Tools.of(null, null, null, null, null, null, null).stream().map(BgTool::definition).toList();
    }

    /** One tool as Claude Code puts it in its model's request. */
    static String claudeCodeTool(McpSchema.Tool t) {
        ObjectNode o = JSON.createObjectNode().put("name", "mcp__" + ServerInfo.NAME + "__" + t.name())
                .put("description", t.description());
        o.set("input_schema", JSON.valueToTree(t.inputSchema()));
        return o.toString();
    }

    /** Characters of tool definitions per Claude Code turn. */
    public static int claudeCodeDefinitions() {
        return definitions().stream().mapToInt(t -> claudeCodeTool(t).length()).sum();
    }

    /** Characters of instructions per Claude Code turn: its section header and the text for Claude Code. */
    public static int claudeCodeInstructions() {
        return ("## " + ServerInfo.NAME + "\n" + ServerInfo.instructionsFor(CLAUDE_CODE)).length();
    }
}
