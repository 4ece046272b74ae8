package dev.bgagents.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of bg-agents.json {@code providers}; every mistake is one line naming the key. */
final class ProviderConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("command", "args", "output", "env", "model", "network");

    private ProviderConfigReader() {
    }

    /** The settings of the provider {@code name}: {@code providers.<name>}. */
    static ProviderConfig read(Path file, String name, JsonNode node) throws ConfigException {
        String where = file + ": providers." + name;
        if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new ConfigException(where + ": a provider name is lower-case letters, digits and _ (max 31)");
        }
        if (!node.isObject()) {
            throw new ConfigException(where + " must be an object");
        }
        if (name.equals("best")) {
            throw new ConfigException(where + ": \"best\" is reserved (best-of-N groups are named best-…)");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException(where + ": unknown key \"" + key + "\" (known: " + String.join(", ", KEYS) + ")");
            }
        }
        try {
            List<String> command = node.has("command") ? ConfigLoader.stringList(node.get("command")) : null;
            List<String> args = node.has("args") ? ConfigLoader.stringList(node.get("args")) : null;
            Map<String, String> env = node.has("env") ? JSON.convertValue(node.get("env"), new TypeReference<>() {
            }) : null;
            String output = node.path("output").asText(null);
            if (output != null && !output.equals("text") && !output.equals("jsonl")) {
                throw new ConfigException(where + ".output must be \"text\" or \"jsonl\"");
            }
            if (command != null && (command.isEmpty() || command.get(0).isBlank())) {
                throw new ConfigException(where + ".command must name a program");
            }
            NetworkAllowList network = null;
            if (node.has("network")) {
                if (!node.get("network").isArray()) {
                    throw new ConfigException(where + ".network must be a list of hosts (\"api.anthropic.com\", "
                            + "\"*.googleapis.com\", \"127.0.0.1:8080\")");
                }
                try {
                    network = NetworkAllowList.of(JSON.convertValue(node.get("network"), new TypeReference<List<String>>() {
                    }));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where + ".network: " + e.getMessage().lines().findFirst().orElse("invalid"));
                }
            }
            return new ProviderConfig(command, args, output, env, node.path("model").asText(null), network);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage().lines().findFirst().orElse("invalid"));
        }
    }
}
