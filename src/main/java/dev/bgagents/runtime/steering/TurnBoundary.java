package dev.bgagents.runtime.steering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Set;

/**
 * The line of a CLI's output stream after which stopping it loses nothing: a tool call whose result is
 * in (the CLI has it in its session, so the resumed run sees the call and its output) or a finished
 * assistant message. Measured with the pinned CLIs (docs/agent-channels.md, "Steering by interrupt and
 * resume"): not a tool call just started, nor a streamed delta, after either of which a stop loses the
 * call or half a message.
 */
public enum TurnBoundary {
    /**
     * A {@code user} message carrying a {@code tool_result}. Not an {@code assistant} line: with
     * {@code --verbose} claude prints one per content block, so a text may be followed by the tool call of
     * the same message.
     */
    CLAUDE {
        @Override
        boolean at(JsonNode e) {
            return e.path("type").asText().equals("user")
                    && hasContent(e.path("message").path("content"), "tool_result");
        }
    },
    /** {@code item.completed} of a tool ({@code command_execution}, {@code file_change}, …) or an agent message. */
    CODEX {
        private static final Set<String> ITEMS = Set.of("command_execution", "file_change", "mcp_tool_call",
                "web_search", "agent_message");

        @Override
        boolean at(JsonNode e) {
            return e.path("type").asText().equals("item.completed")
                    && ITEMS.contains(e.path("item").path("type").asText());
        }
    },
    /** {@code tool_result}: gemini prints it once the tool ran and its output is in the conversation. */
    GEMINI {
        @Override
        boolean at(JsonNode e) {
            return e.path("type").asText().equals("tool_result");
        }
    },
    /** {@code step_finish}: a step's message and its tool parts are saved whole. */
    OPENCODE {
        @Override
        boolean at(JsonNode e) {
            return e.path("type").asText().equals("step_finish");
        }
    },
    /** A program bg-agents does not know the stream of: no line is safe, so a message stops it at once. */
    UNKNOWN {
        @Override
        boolean at(JsonNode e) {
            return false;
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The boundary of the CLI named {@code cli} ({@code claude}, {@code codex}, …); UNKNOWN for any other. */
    public static TurnBoundary of(String cli) {
        return switch (cli == null ? "" : cli) {
            case "claude" -> CLAUDE;
            case "codex" -> CODEX;
            case "gemini" -> GEMINI;
            case "opencode" -> OPENCODE;
            default -> UNKNOWN;
        };
    }

    /** Whether a message can wait for a boundary: false when none is known, and it stops the agent at once. */
    public boolean known() {
        return this != UNKNOWN;
    }

    /** Whether stopping right after this line of output loses nothing. */
    public boolean isBoundary(String line) {
        if (this == UNKNOWN || line == null || line.isBlank() || line.charAt(0) != '{') {
            return false;
        }
        try {
            return at(JSON.readTree(line));
        } catch (Exception notJson) {
            return false;
        }
    }

    abstract boolean at(JsonNode event);

    private static boolean hasContent(JsonNode content, String type) {
        for (JsonNode c : content) {
            if (type.equals(c.path("type").asText())) {
                return true;
            }
        }
        return false;
    }
}
