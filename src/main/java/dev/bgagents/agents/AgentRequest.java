package dev.bgagents.agents;

import java.nio.file.Path;

/**
 * What a job asks an agent CLI to do. {@code resumeSessionId} is null for a fresh session.
 */
public record AgentRequest(String prompt, Path workdir, String model, Permissions permissions,
                           String resumeSessionId) {
}
