package dev.bgagents.agents;

import java.util.List;
import java.util.Map;

/**
 * A concrete command line: argument vector (never a shell string), extra environment,
 * variables to remove from the inherited environment, and whether the prompt goes on stdin.
 */
public record Invocation(List<String> argv, Map<String, String> env, List<String> unsetEnv,
                         boolean promptOnStdin) {
    public Invocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        unsetEnv = List.copyOf(unsetEnv);
    }
}
