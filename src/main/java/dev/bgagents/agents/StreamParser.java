package dev.bgagents.agents;

/**
 * Reads one CLI's stdout line by line while the job runs, then turns what it saw into an
 * {@link AgentReport}. Implementations keep bounded state: an agent may print gigabytes.
 */
public interface StreamParser {

    /** One line of stdout, without its line terminator. */
    void line(String line);

    /** One line of stderr; most CLIs say nothing there that the stream does not. */
    default void stderrLine(String line) {
    }

    /**
     * A reason to end the run now as failed, when the output shows the CLI will never recover
     * on its own (codex and opencode retry an unreachable model server forever); else null.
     */
    default String fatal() {
        return null;
    }

    /** Hears each act the parser sees as one readable line, for people following the job. */
    default void narrate(java.util.function.Consumer<String> lines) {
    }

    /** Tells what is still untold (the last message, once the output has ended). */
    default void endNarration() {
    }

    /**
     * Tokens and cost the stream has shown so far, while the agent runs, for budgets; NONE
     * for a CLI that reports usage only at its end.
     */
    default Usage usageSoFar() {
        return Usage.NONE;
    }

    /**
     * The stream has shown the run's end (its result or final step): the CLI is about to exit by
     * itself, so no budget stops it now — whether it does must not hang on which of its last
     * line and its exit the watchdog sees first.
     */
    default boolean ended() {
        return false;
    }

    /** Model turns the stream has shown so far, or null when it does not tell them apart. */
    default Integer turnsSoFar() {
        return null;
    }

    /** The session id as soon as the stream has shown it, else null. */
    String sessionId();

    /** A short description of what the agent did last ("Write src/a.py"), else null. */
    String lastActivity();

    /**
     * @param exitCode   the CLI's exit status, or null when it was killed or vanished
     * @param stderrTail the last few KB of stderr, for error reasons
     */
    AgentReport finish(Integer exitCode, String stderrTail);
}
