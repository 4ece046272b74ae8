package dev.bgagents.agents;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /**
     * Whether the CLI's jobs can run through the job-side relay that holds its interactive channel (approvals,
     * steering, interrupt: dev.bgagents.relay): those whose invocation reads {@code --input-format} do.
     */
    default boolean relayed() {
        return false;
    }

    /**
     * Whether a job of this CLI can ask a person for what its profile does not allow (permissions
     * {@code ask}): its relay holds the CLI's permission requests open and writes them to the job's
     * channel. Without it, an ask spawn is refused.
     */
    default boolean canAsk() {
        return false;
    }

    /**
     * What is missing for the CLI to reach its model — no API key, not logged in — judged from
     * the environment and the home directory; null when nothing visibly is.
     */
    default String missingCredentials(Map<String, String> env, Path home) {
        return null;
    }
}
