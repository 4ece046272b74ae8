package dev.bgagents.runtime;

import dev.bgagents.agents.StreamParser;

import java.util.Map;

/** What the runtime needs to know of the agent CLIs to run their jobs. */
public interface AgentAdapters {
    /** A fresh parser for the output of a job of this provider. */
    StreamParser parser(String provider);

    /** Variables the config gives this provider's processes; never stored in the job record (they may be secrets). */
    Map<String, String> configEnv(String provider);

    /** Whether this provider's agents run through the job-side relay (dev.bgagents.relay). */
    default boolean relayed(String provider) {
        return false;
    }

    /** The CLI a provider runs ({@code claude}, {@code codex}, …; {@code custom} for a program of the user's). */
    default String cli(String provider) {
        return provider;
    }
}
