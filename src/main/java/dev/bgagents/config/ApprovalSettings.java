package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.Set;

/**
 * bg-agents.json "approvals": how long a job under permissions {@code ask} waits for a person's answer
 * before its relay denies the request (the agent is told why, and the summary shows it). Passed to the
 * job as {@link #ENV}, which the job-side relay reads.
 */
public record ApprovalSettings(int timeoutSeconds) {
    /** The job's environment variable carrying {@link #timeoutSeconds}. */
    public static final String ENV = "BG_AGENTS_APPROVAL_SECONDS";
    /** A day: a longer wait holds a slot for nothing. */
    public static final int MAX_SECONDS = 86_400;
    public static final ApprovalSettings DEFAULTS = new ApprovalSettings(300);
    private static final Set<String> KEYS = Set.of("timeout_seconds");

    static ApprovalSettings read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"approvals\" must be an object of timeout_seconds");
        }
        ConfigValues.unknownKeys(file, "approvals", node, KEYS);
        JsonNode t = node.get("timeout_seconds");
        if (t != null && (!t.isIntegralNumber() || t.asInt() < 1 || t.asInt() > MAX_SECONDS)) {
            throw new ConfigException(file + ": approvals.timeout_seconds must be a whole number from 1 to " + MAX_SECONDS);
        }
        return t == null ? DEFAULTS : new ApprovalSettings(t.asInt());
    }
}
