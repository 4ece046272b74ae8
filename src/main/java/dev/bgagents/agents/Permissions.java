package dev.bgagents.agents;

import java.util.Arrays;
import java.util.Optional;

/** The permission profile a job runs with; each CLI maps it onto its own flags. */
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

    public static Optional<Permissions> fromWire(String s) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(s)).findFirst();
    }
}
