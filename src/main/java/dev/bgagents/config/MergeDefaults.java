package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.Set;

/**
 * bg-agents.json "merge": whether merge_worktree resolves a conflict by default (an agent in the
 * job's worktree, then the merge again), and at most how many such rounds one merge takes.
 */
public record MergeDefaults(boolean resolve, int rounds) {
    /** The most rounds a config or a call may ask for: each is a whole agent run. */
    public static final int MAX_ROUNDS = 10;
    public static final MergeDefaults NONE = new MergeDefaults(false, 3);
    private static final Set<String> KEYS = Set.of("resolve", "rounds");

    static MergeDefaults read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"merge\" must be an object of resolve, rounds");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException(file + ": merge: unknown key \"" + key + "\" (known: resolve, rounds)");
            }
        }
        JsonNode resolve = node.get("resolve");
        if (resolve != null && !resolve.isBoolean()) {
            throw new ConfigException(file + ": merge.resolve must be true or false");
        }
        JsonNode rounds = node.get("rounds");
        if (rounds != null && (!rounds.isIntegralNumber() || rounds.asInt() < 1 || rounds.asInt() > MAX_ROUNDS)) {
            throw new ConfigException(file + ": merge.rounds must be a whole number from 1 to " + MAX_ROUNDS);
        }
        return new MergeDefaults(resolve != null ? resolve.asBoolean() : NONE.resolve,
                rounds != null ? rounds.asInt() : NONE.rounds);
    }
}
