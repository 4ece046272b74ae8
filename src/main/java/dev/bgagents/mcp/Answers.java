package dev.bgagents.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.Map;

/** Tool answers: markdown for the model, structured fields for programs. */
final class Answers {
    private Answers() {
    }

    static CallToolResult ok(String text, Map<String, Object> structured) {
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    static CallToolResult error(String line) {
        return CallToolResult.builder().addTextContent(line).isError(true).build();
    }
}
