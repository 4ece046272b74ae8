package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every parser of a CLI's JSON-lines stream shares: lines that are not JSON objects are
 * skipped (the CLIs mix in plain text), the rest are events for {@link #event}; the session id
 * and what the agent was seen doing are kept here.
 */
public abstract class JsonEventParser implements StreamParser {
    protected final Observed seen = new Observed();
    protected String sessionId;

    @Override
    public final void line(String line) {
        JsonNode node = JsonLines.parse(line);
        if (node != null) {
            event(node);
        }
    }

    /** One JSON object the CLI printed. */
    protected abstract void event(JsonNode node);

    @Override
    public void narrate(java.util.function.Consumer<String> lines) {
        seen.narrate(lines);
    }

    @Override
    public void endNarration() {
        seen.endNarration();
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String lastActivity() {
        return seen.lastActivity();
    }
}
