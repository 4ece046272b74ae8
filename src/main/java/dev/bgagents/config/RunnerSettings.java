package dev.bgagents.config;

import java.util.List;

/**
 * bg-agents.json {@code runners}: where a job's agent runs when spawn_agent names no {@code runner} —
 * {@code local} (this machine, the default) or {@code kubernetes} — and the cluster's settings, if any.
 *
 * @param kubernetes null when no cluster is configured: a job asking for it is refused
 */
public record RunnerSettings(String defaultRunner, KubernetesSettings kubernetes) {
    public static final String LOCAL = "local";
    public static final String KUBERNETES = "kubernetes";
    public static final List<String> NAMES = List.of(LOCAL, KUBERNETES);
    public static final RunnerSettings NONE = new RunnerSettings(LOCAL, null);

    public RunnerSettings {
        defaultRunner = defaultRunner == null ? LOCAL : defaultRunner;
    }
}
