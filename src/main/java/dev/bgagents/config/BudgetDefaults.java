package dev.bgagents.config;

/**
 * bg-agents.json "budget": the limits a job gets when spawn_agent names none (null: no limit).
 * The job's own {@code agents.Budget} is built from it; config sits below agents, so it cannot
 * hold that type.
 */
public record BudgetDefaults(Double maxCostUsd, Long maxTokens, Integer maxTurns) {
    public static final BudgetDefaults NONE = new BudgetDefaults(null, null, null);
}
