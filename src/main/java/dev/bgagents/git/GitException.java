package dev.bgagents.git;

/** A git operation that cannot be done; the message is one line saying what is wrong and what to do. */
public final class GitException extends Exception {
    public GitException(String message) {
        super(message, null, false, false);
    }
}
