package dev.bgagents.channel;

import java.time.Instant;

/**
 * Something a person sends a running agent: a message delivered at its next turn boundary, or an
 * interrupt that stops its current turn (keeping its work) — with a message to go on with, or none.
 */
public record InboxMessage(String id, Kind kind, String text, String by, Instant at) {
    public InboxMessage {
        ChannelDir.checkId(id);
    }

    public enum Kind {
        MESSAGE, INTERRUPT
    }
}
