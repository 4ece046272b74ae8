package dev.bgagents.agents.ollama;


import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.custom.TextOutputParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama: {@code ollama run MODEL} with the prompt on stdin; plain text, no tools, no sessions.
 * The final message is what it printed. Resuming re-sends the earlier exchange as context,
 * which the job runtime prepares; here a resume is just another prompt. It reads nothing from its
 * working directory, so an untrusted one needs no flag.
 */
public final class OllamaCli implements AgentCli {
    /** The model when neither the call nor the config names one. */
    public static final String DEFAULT_MODEL = "qwen2.5-coder";

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public String installHint() {
        return "install Ollama from ollama.com (macOS: or brew install ollama) and pull a model (ollama pull " + DEFAULT_MODEL + ")";
    }

    @Override
    public boolean hasSessions() {
        return false;
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        argv.addAll(List.of("run", request.model() == null ? DEFAULT_MODEL : request.model()));
        // ollama's spinner and progress go to stderr; NO_COLOR keeps escape codes out of stdout
        return new Invocation(argv, Map.of("NO_COLOR", "1"), List.of(), true);
    }

    @Override
    public StreamParser newParser() {
        return new TextOutputParser();
    }
}
