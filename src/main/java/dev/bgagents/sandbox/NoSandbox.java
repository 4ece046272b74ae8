package dev.bgagents.sandbox;

import java.util.List;
import java.util.Optional;

/** Where nothing can confine a process: it runs as it is, and whoever reports on it says why. */
final class NoSandbox implements Sandbox {
    private final String why;

    NoSandbox(String why) {
        this.why = why;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.of(why);
    }

    @Override
    public List<String> wrap(List<String> argv, Rules rules) {
        return List.copyOf(argv);
    }
}
