package dev.bgagents.agents;

import java.util.List;
import java.util.Map;

/**
 * A concrete command line: argument vector (never a shell string), extra environment,
 * variables to remove from the inherited environment, and whether the prompt goes on stdin.
 * {@code told}: the whole text the agent is given when it is not the caller's prompt alone (a later
 * round that cannot resume a session is told its task again, then the prompt); null: the prompt.
 */
public record Invocation(List<String> argv, Map<String, String> env, List<String> unsetEnv,
                         boolean promptOnStdin, String told) {
    public Invocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        unsetEnv = List.copyOf(unsetEnv);
    }

    public Invocation(List<String> argv, Map<String, String> env, List<String> unsetEnv, boolean promptOnStdin) {
        this(argv, env, unsetEnv, promptOnStdin, null);
    }

    /** The same command, the agent told {@code text} (on stdin, when it reads its prompt there). */
    public Invocation telling(String text) {
        return new Invocation(argv, env, unsetEnv, promptOnStdin, text);
    }
}
