package dev.bgagents.agents;

import java.util.List;

/**
 * One coding-agent CLI: how to run it headless and how to read what it prints.
 * Adding a CLI means adding one implementation and its fixture tests.
 */
public interface AgentCli {

    /** The provider name used in tool arguments and job ids. */
    String name();

    /**
     * The command line for a request. {@code executable} is the resolved program (from the
     * config file or PATH), followed by any fixed arguments the config put before ours.
     */
    Invocation invocation(List<String> executable, AgentRequest request);

    /** A fresh parser for one run's stdout. */
    StreamParser newParser();

    /** What a user must install when the program is missing. */
    String installHint();

    /**
     * Whether the CLI keeps sessions it can resume by id. Without them a follow-up is sent
     * with the earlier exchange as context instead.
     */
    default boolean hasSessions() {
        return true;
    }
}
