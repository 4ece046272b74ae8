package dev.bgagents.agents;

/** Tokens and cost as the CLI reported them; null where the CLI says nothing. */
public record Usage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Double costUsd) {
    public static final Usage NONE = new Usage(null, null, null, null);

    /** Both spendings together: what a job's rounds cost in all. */
    public Usage plus(Usage o) {
        if (o == null || o.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return o;
        }
        return new Usage(sum(inputTokens, o.inputTokens), sum(outputTokens, o.outputTokens),
                sum(cacheReadTokens, o.cacheReadTokens), costUsd == null ? o.costUsd
                : o.costUsd == null ? costUsd : Double.valueOf(costUsd + o.costUsd));
    }

    private static Long sum(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(a + b);
    }

    public boolean isEmpty() {
        return inputTokens == null && outputTokens == null && costUsd == null;
    }

    /** Input plus output tokens, or null when the CLI reported neither. */
    public Long tokens() {
        if (inputTokens == null && outputTokens == null) {
            return null;
        }
        return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    }
}
