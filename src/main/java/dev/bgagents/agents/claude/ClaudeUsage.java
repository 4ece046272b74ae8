package dev.bgagents.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.JsonLines;
import dev.bgagents.agents.Usage;

/**
 * What a claude run has spent so far, from its stream: the usage of each of the model's messages
 * until a turn's result, then that result's figures. Through the relay claude runs one turn per
 * message it is sent, each ending in a result: their tokens add up, while total_cost_usd is
 * already the process's running total (measured with 2.1.197).
 */
final class ClaudeUsage {
    /** Tokens of the turns before the last result's. */
    private Usage earlierTurns = Usage.NONE;
    /** Usage of the model's earlier messages; one message spans several assistant events, each with its usage. */
    private Usage earlierMessages = Usage.NONE;
    private Usage currentMessage = Usage.NONE;
    private String currentMessageId;
    private int messages;

    /** An assistant event's message: a new message, or more of the current one. */
    void message(JsonNode message) {
        String id = message.path("id").asText("");
        if (!id.equals(currentMessageId)) {
            earlierMessages = earlierMessages.plus(currentMessage);
            currentMessage = Usage.NONE;
            currentMessageId = id;
            messages++;
        }
        JsonNode u = message.path("usage");
        if (u.isObject()) {
            currentMessage = new Usage(JsonLines.longOrNull(u, "input_tokens"), JsonLines.longOrNull(u, "output_tokens"),
                    JsonLines.longOrNull(u, "cache_read_input_tokens"), null);
        }
    }

    /** A turn's result came; {@code previous} is the one before it (null for the first). */
    void turnEnded(JsonNode previous) {
        if (previous != null) {
            earlierTurns = earlierTurns.plus(tokensOf(previous));
        }
        // a turn's messages are in its result's figures
        earlierMessages = Usage.NONE;
        currentMessage = Usage.NONE;
    }

    /**
     * The last result's totals once one came (they alone carry the cost), and the messages of a turn
     * begun after it; before any, the sum of the messages' usage.
     */
    Usage soFar(JsonNode result, boolean betweenTurns) {
        if (result == null) {
            return earlierMessages.plus(currentMessage);
        }
        return betweenTurns ? total(result) : total(result).plus(earlierMessages.plus(currentMessage));
    }

    /** Every turn's tokens so far and the process's cost, {@code result} being the last turn's. */
    Usage total(JsonNode result) {
        Usage last = tokensOf(result);
        Usage tokens = earlierTurns.plus(last);
        return new Usage(tokens.inputTokens(), tokens.outputTokens(), tokens.cacheReadTokens(),
                result.hasNonNull("total_cost_usd") ? result.get("total_cost_usd").asDouble() : null);
    }

    /** The model's messages so far. */
    int messages() {
        return messages;
    }

    private static Usage tokensOf(JsonNode result) {
        JsonNode u = result.path("usage");
        return new Usage(JsonLines.longOrNull(u, "input_tokens"), JsonLines.longOrNull(u, "output_tokens"),
                JsonLines.longOrNull(u, "cache_read_input_tokens"), null);
    }
}
