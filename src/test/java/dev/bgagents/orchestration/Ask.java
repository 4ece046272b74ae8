package dev.bgagents.orchestration;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Permissions;
import dev.bgagents.orchestration.api.Spawning;

import java.util.List;

/** A spawn_agent request for tests: a prompt, then only what the test cares about; the rest defaults (null). */
public final class Ask {
    private final String prompt;
    private String provider;
    private Permissions permissions;
    private Double timeoutMinutes;
    private Boolean worktree;
    private List<String> dependsOn;
    private String verify;
    private Integer fixAttempts;
    private List<String> fallback;
    private Budget budget;

    private Ask(String prompt) {
        this.prompt = prompt;
    }

    public static Ask prompt(String prompt) {
        return new Ask(prompt);
    }

    public Ask provider(String p) {
        this.provider = p;
        return this;
    }

    public Ask permissions(Permissions p) {
        this.permissions = p;
        return this;
    }

    public Ask timeoutMinutes(double m) {
        this.timeoutMinutes = m;
        return this;
    }

    public Ask worktree(boolean w) {
        this.worktree = w;
        return this;
    }

    public Ask dependsOn(String... ids) {
        this.dependsOn = List.of(ids);
        return this;
    }

    public Ask verify(String name, Integer fixes) {
        this.verify = name;
        this.fixAttempts = fixes;
        return this;
    }

    public Ask fallback(String... providers) {
        this.fallback = List.of(providers);
        return this;
    }

    public Ask budget(Budget b) {
        this.budget = b;
        return this;
    }

    public Spawning.Request request() {
        return new Spawning.Request(provider, prompt, null, null, null, permissions, timeoutMinutes, null, worktree,
                null, null, dependsOn, verify, fixAttempts, fallback, budget);
    }

    /** The same task on each of {@code providers}, as spawn_agent {attempts} asks for it. */
    public Spawning.AttemptsRequest on(String... providers) {
        return new Spawning.AttemptsRequest(List.of(providers), request());
    }
}
