package dev.bgagents.config;

import java.util.List;
import java.util.Map;

/**
 * One provider entry of bg-agents.json. For a built-in CLI every field is optional
 * ({@code command} overrides the program, e.g. an absolute path); for a custom provider
 * {@code command} is required, {@code args} may hold {@code {prompt}} (else the prompt goes on
 * stdin), {@code {model}} and {@code {workdir}}, and {@code output} is {@code text} or {@code jsonl}.
 * {@code network}, when given, is all its confined agents may reach (null: the network is open to them).
 */
public record ProviderConfig(List<String> command, List<String> args, String output,
                             Map<String, String> env, String model, NetworkAllowList network) {
    public ProviderConfig {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A provider whose agents' network is open. */
    public ProviderConfig(List<String> command, List<String> args, String output, Map<String, String> env,
                          String model) {
        this(command, args, output, env, model, null);
    }
}
