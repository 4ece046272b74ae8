package dev.bgagents.mcp.tools;

/** A caller mistake in a tool's arguments: answered as {@code isError} with this one-line message, nothing changed. */
public final class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message, null, false, false);
    }
}
