package dev.bgagents.it.mock;

/** What a mock model does for one test. */
public sealed interface Scenario {
    /** Answers with a text. */
    record Text(String text) implements Scenario {
    }

    /** Calls the CLI's file-writing tool, then answers {@code finalText} once the tool result comes back. */
    record WriteFile(String path, String content, String finalText) implements Scenario {
    }

    /** Calls the CLI's file-reading tool on {@code path}, then answers {@code finalText} once the tool result comes back. */
    record ReadFile(String path, String finalText) implements Scenario {
    }

    /** Calls the CLI's shell tool with {@code command}, then answers {@code finalText} once its result comes back. */
    record RunCommand(String command, String finalText) implements Scenario {
    }

    /** Calls the CLI's shell tool with {@code command} on every request, never answering: a run only a limit ends. */
    record KeepRunning(String command) implements Scenario {
    }

    /** Answers every call with this HTTP error. */
    record HttpError(int status, String type, String message) implements Scenario {
    }

    /** Starts a text answer and closes the stream before it completes. */
    record DropAfterText(String text) implements Scenario {
    }

    /**
     * {@code before} until a request carries {@code marker} (a steering message reaching the model), then
     * {@code after}: a run that goes on until it is steered.
     */
    record UntilSaid(String marker, Scenario before, Scenario after) implements Scenario {
    }
}
