package dev.bgagents.agents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.bgagents.config.BudgetDefaults;

import java.util.Locale;

/**
 * Limits on what a job (or a whole plan) may spend, checked against the usage its stream has
 * shown so far; null where there is no limit. Tokens are input plus output as the CLI reports
 * them (cache reads are not counted: they cost a tenth and a long session re-reads its context
 * every turn).
 */
public record Budget(Double maxCostUsd, Long maxTokens, Integer maxTurns) {
    public static final Budget NONE = new Budget(null, null, null);

    /** For {@code @JsonInclude(CUSTOM)}: a record leaves out a budget that limits nothing. */
    public static final class Unset {
        @Override
        public boolean equals(Object o) {
            return o == null || (o instanceof Budget b && b.isEmpty());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @JsonIgnore
    public boolean isEmpty() {
        return maxCostUsd == null && maxTokens == null && maxTurns == null;
    }

    /**
     * Why {@code usage} and {@code turns} (null: unknown) are over this budget — "over budget:
     * max_tokens 5000, reached 5210" — or null while within it.
     */
    public String exceededBy(Usage usage, Integer turns) {
        Long tokens = usage == null ? null : usage.tokens();
        if (maxTokens != null && tokens != null && tokens > maxTokens) {
            return "over budget: max_tokens " + maxTokens + ", reached " + tokens;
        }
        if (maxCostUsd != null && usage != null && usage.costUsd() != null && usage.costUsd() > maxCostUsd) {
            return "over budget: max_cost_usd " + usd(maxCostUsd) + ", reached " + usd(usage.costUsd());
        }
        if (maxTurns != null && turns != null && turns > maxTurns) {
            return "over budget: max_turns " + maxTurns + ", reached " + turns;
        }
        return null;
    }

    public static Budget of(BudgetDefaults d) {
        return new Budget(d.maxCostUsd(), d.maxTokens(), d.maxTurns());
    }

    /** This budget with each limit this one lacks taken from {@code defaults}. */
    public Budget or(Budget defaults) {
        return new Budget(maxCostUsd != null ? maxCostUsd : defaults.maxCostUsd,
                maxTokens != null ? maxTokens : defaults.maxTokens,
                maxTurns != null ? maxTurns : defaults.maxTurns);
    }

    /** "max_tokens 5000, max_turns 8", for notes. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (maxCostUsd != null) {
            b.append("max_cost_usd ").append(usd(maxCostUsd));
        }
        if (maxTokens != null) {
            b.append(b.isEmpty() ? "" : ", ").append("max_tokens ").append(maxTokens);
        }
        if (maxTurns != null) {
            b.append(b.isEmpty() ? "" : ", ").append("max_turns ").append(maxTurns);
        }
        return b.toString();
    }

    static String usd(double d) {
        return "$" + String.format(Locale.ROOT, d < 1 ? "%.4f" : "%.2f", d);
    }
}
