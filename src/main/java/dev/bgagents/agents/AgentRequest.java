package dev.bgagents.agents;

import java.nio.file.Path;

/**
 * What a job asks an agent CLI to do. {@code resumeSessionId} is null for a fresh session;
 * {@code maxTurns} is null for no turn limit (a CLI without a flag for it is counted by the
 * watchdog instead).
 */
public record AgentRequest(String prompt, Path workdir, String model, Permissions permissions,
                           String resumeSessionId, Integer maxTurns) {

    public AgentRequest(String prompt, Path workdir, String model, Permissions permissions, String resumeSessionId) {
        this(prompt, workdir, model, permissions, resumeSessionId, null);
    }
}
