package dev.bgagents.agents;

/** Tokens and cost as the CLI reported them; null where the CLI says nothing. */
public record Usage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Double costUsd) {
    public static final Usage NONE = new Usage(null, null, null, null);

    public boolean isEmpty() {
        return inputTokens == null && outputTokens == null && costUsd == null;
    }
}
