package dev.bgagents.config;

/** A config file that cannot be used, said the same way by every tool answer and by doctor. */
public record ConfigProblem(String line) {
    public static ConfigProblem of(String loaderMessage) {
        return new ConfigProblem("bg-agents.json is broken — " + loaderMessage
                + "; fix the file, then restart the bg-agents server (bg-agents doctor checks it)");
    }
}
