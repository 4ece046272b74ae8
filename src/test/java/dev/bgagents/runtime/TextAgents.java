package dev.bgagents.runtime;

import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.custom.TextOutputParser;

import java.util.Map;

/** Agents whose output is plain text, each given {@code configEnv} by the config: what runtime tests launch. */
record TextAgents(Map<String, String> configEnv) implements AgentAdapters {
    static final TextAgents PLAIN = new TextAgents(Map.of());

    @Override
    public StreamParser parser(String provider) {
        return new TextOutputParser();
    }

    @Override
    public Map<String, String> configEnv(String provider) {
        return configEnv;
    }
}
