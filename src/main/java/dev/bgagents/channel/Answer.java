package dev.bgagents.channel;

import java.time.Instant;

/**
 * The answer to a {@link PersonRequest}: the first one written is the answer (a second, from the
 * dashboard after the host already answered, is refused).
 *
 * @param message given to the agent with the decision (why it was denied, what to do instead); may be null
 * @param by      who answered: {@code host} (a tool call), {@code elicitation}, {@code dashboard}, {@code timeout}
 */
public record Answer(String id, Decision decision, String message, String by, Instant at) {
    public Answer {
        ChannelDir.checkId(id);
    }

    public enum Decision {
        ALLOW, DENY
    }
}
