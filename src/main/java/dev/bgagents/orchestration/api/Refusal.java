package dev.bgagents.orchestration.api;

/**
 * A request that cannot be carried out as asked — an unknown job, a path outside the project, a
 * provider that is not installed — with nothing changed; the message is one line saying what is
 * wrong and what to do, for the host.
 */
public final class Refusal extends RuntimeException {
    public Refusal(String message) {
        super(message, null, false, false);
    }

    /** A caller's value for a one-line message: quoted, control characters shown as ?, clipped. */
    public static String quoted(String s) {
        return "\"" + clip(s.replaceAll("\\p{Cntrl}", "?")) + "\"";
    }

    public static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "…";
    }
}
