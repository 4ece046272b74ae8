package dev.bgagents.agents;

import java.util.Arrays;
import java.util.Optional;

/**
 * The permission profile a job runs with; each CLI maps it onto its own flags. {@code ASK} is
 * workspace-write whose other requests go to a person (through the job's relay) instead of being
 * denied: only a CLI that can ask ({@link AgentCli#canAsk()}) runs under it.
 */
public enum Permissions {
    READ_ONLY("read-only"),
    WORKSPACE_WRITE("workspace-write"),
    FULL("full"),
    ASK("ask");

    private final String wire;

    Permissions(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** What confines it and what it allows without asking: ask is workspace-write plus a person. */
    public Permissions base() {
        return this == ASK ? WORKSPACE_WRITE : this;
    }

    public static Optional<Permissions> fromWire(String s) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(s)).findFirst();
    }
}
