package dev.bgagents.mcp;

/** A caller mistake: answered as {@code isError} with this one-line message, nothing changed. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message, null, false, false);
    }
}
