package dev.bgagents.agents;

import java.nio.file.Path;

/**
 * What a job asks an agent CLI to do. {@code resumeSessionId} is null for a fresh session;
 * {@code maxTurns} is null for no turn limit (a CLI without a flag for it is counted by the
 * watchdog instead).
 *
 * <p>{@code untrustedWorkdir}: the files in {@code workdir} are another agent's (a reviewer
 * reads the author's worktree), so the CLI must not load the configuration it would find there
 * — project settings, hooks, MCP servers, plugins, tool-discovery commands — all of which run
 * code. Each adapter turns this into its own flags or environment; one that cannot be told
 * (a custom provider) says so. Meant for read-only work: an adapter may run the CLI from
 * another directory, reading {@code workdir} by its path.
 */
public record AgentRequest(String prompt, Path workdir, String model, Permissions permissions,
                           String resumeSessionId, Integer maxTurns, boolean untrustedWorkdir) {

    public AgentRequest(String prompt, Path workdir, String model, Permissions permissions, String resumeSessionId,
                        Integer maxTurns) {
        this(prompt, workdir, model, permissions, resumeSessionId, maxTurns, false);
    }

    public AgentRequest(String prompt, Path workdir, String model, Permissions permissions, String resumeSessionId) {
        this(prompt, workdir, model, permissions, resumeSessionId, null);
    }
}
