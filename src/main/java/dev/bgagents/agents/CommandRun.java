package dev.bgagents.agents;

/** A shell command the agent ran; {@code exitCode} is null when the CLI does not report it. */
public record CommandRun(String command, Integer exitCode, boolean failed) {
}
