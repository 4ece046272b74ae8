package dev.bgagents.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.routing.Routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds and reads bg-agents.json: {@code $BG_AGENTS_CONFIG}, else {@code <project>/bg-agents.json},
 * else {@code ~/.config/bg-agents/bg-agents.json}, else the defaults. A file with a mistake is
 * an error naming the file and the key, not a silent fallback.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_KEYS = Set.of("max_concurrent", "timeout_minutes", "stall_minutes",
            "kill_grace_seconds", "default_provider", "providers", "routing", "gc_after_days", "push", "allowed_roots",
            "verify", "verify_timeout_minutes", "verify_network", "fallback", "budget", "worktrees_dir", "worktree",
            "notify", "pr", "merge", "sandbox", "approvals", "runners");
    private static final Set<String> BUDGET_KEYS = Set.of("max_cost_usd", "max_tokens", "max_turns");

    private ConfigLoader() {
    }

    /** Thrown for an unreadable or invalid config file; the message is one line for the user. */
    public static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    public static Path locate(Path project) {
        String explicit = System.getenv("BG_AGENTS_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path local = project.resolve("bg-agents.json");
        if (Files.isRegularFile(local)) {
            return local;
        }
        return dev.bgagents.project.UserDirs.ofThisSystem().configFiles().stream().filter(Files::isRegularFile)
                .findFirst().orElse(null);
    }

    public static Config load(Path project) throws ConfigException {
        Path file = locate(project);
        return file == null ? Config.DEFAULTS : read(file);
    }

    public static Config read(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it as JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": expected a JSON object");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                throw new ConfigException(file + ": unknown key \"" + key + "\" (known: " + String.join(", ", TOP_KEYS) + ")");
            }
        }
        Config d = Config.DEFAULTS;
        int maxConcurrent = (int) ConfigValues.positive(file, root, "max_concurrent", d.maxConcurrent());
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        JsonNode ps = root.path("providers");
        if (!ps.isMissingNode()) {
            if (!ps.isObject()) {
                throw new ConfigException(file + ": \"providers\" must be an object of name → settings");
            }
            for (var it = ps.fields(); it.hasNext(); ) {
                var e = it.next();
                providers.put(e.getKey(), ProviderConfigReader.read(file, e.getKey(), e.getValue()));
            }
        }
        Map<String, List<String>> routing = new LinkedHashMap<>();
        JsonNode rs = root.path("routing");
        if (!rs.isMissingNode()) {
            if (!rs.isObject()) {
                throw new ConfigException(file + ": \"routing\" must map a task kind to a list of providers");
            }
            for (var it = rs.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!Routing.routableKinds().contains(e.getKey())) {
                    throw new ConfigException(file + ": routing: unknown task kind \"" + e.getKey()
                            + "\" (known: " + String.join(", ", Routing.routableKinds()) + ")");
                }
                try {
                    routing.put(e.getKey(), stringList(e.getValue()));
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(file + ": routing." + e.getKey() + " must be a list of provider names");
                }
            }
        }
        return new Config(maxConcurrent,
                ConfigValues.positive(file, root, "timeout_minutes", d.timeoutMinutes()),
                ConfigValues.positive(file, root, "stall_minutes", d.stallMinutes()),
                ConfigValues.positive(file, root, "kill_grace_seconds", d.killGraceSeconds()),
                root.path("default_provider").asText(d.defaultProvider()),
                providers, routing, ConfigValues.positive(file, root, "gc_after_days", d.gcAfterDays()), ConfigValues.bool(file, root, "push", d.push()),
                ConfigValues.roots(file, root.get("allowed_roots")), verify(file, root.get("verify")),
                ConfigValues.positive(file, root, "verify_timeout_minutes", d.verifyTimeoutMinutes()), fallback(file, root.get("fallback")),
                budget(file, root.get("budget")), ConfigValues.bool(file, root, "verify_network", d.verifyNetwork()),
                ConfigValues.absoluteDir(file, root, "worktrees_dir"), WorktreeSettingsReader.read(file, root.get("worktree")),
                NotifySettingsReader.read(file, root.get("notify")),
                PullRequestSettings.read(file, root.get("pr")),
                MergeDefaults.read(file, root.get("merge")),
                sandboxOff(file, root.get("sandbox")), ApprovalSettings.read(file, root.get("approvals")),
                RunnerSettingsReader.read(file, root.get("runners")));
    }

    /** {@code "sandbox"}: {@code "auto"} (the default: agents confined where a sandbox runs) or {@code "off"}. */
    private static boolean sandboxOff(Path file, JsonNode node) throws ConfigException {
        if (node == null || "auto".equals(node.asText(null))) {
            return false;
        }
        if ("off".equals(node.asText(null))) {
            return true;
        }
        throw new ConfigException(file + ": \"sandbox\" must be \"auto\" or \"off\"");
    }

    /**
     * Named checks: {@code "unit": ["npm", "test", "--", "--run"]}, or one string split at spaces
     * ({@code "cargo test"}) — no shell, so no quoting: write a list for an argument with a space.
     */
    private static Map<String, List<String>> verify(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"verify\" must map a name to a command (a list of strings)");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String where = file + ": verify." + e.getKey();
            if (!e.getKey().matches("[a-z][a-z0-9_-]{0,30}") || e.getKey().equals("none")) {
                throw new ConfigException(where + ": a check's name is lower-case letters, digits, - and _ (max 31), not \"none\"");
            }
            List<String> argv;
            if (e.getValue().isTextual()) {
                argv = List.of(e.getValue().asText().strip().split("\\s+"));
            } else {
                try {
                    argv = stringList(e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(where + " must be a command: a string or a list of strings");
                }
            }
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw new ConfigException(where + " must name a program");
            }
            out.put(e.getKey(), argv);
        }
        return out;
    }

    /** The default fallback chain: provider names, checked against what is installed when a job is spawned. */
    private static List<String> fallback(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        try {
            List<String> names = stringList(node);
            for (String n : names) {
                if (n == null || !n.matches("[a-z][a-z0-9_]{0,30}")) {
                    throw new IllegalArgumentException(n);
                }
            }
            return names;
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(file + ": fallback must be a list of provider names, e.g. [\"codex\", \"gemini\"]");
        }
    }

    private static BudgetDefaults budget(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return BudgetDefaults.NONE;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"budget\" must be an object of max_cost_usd, max_tokens, max_turns");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!BUDGET_KEYS.contains(key)) {
                throw new ConfigException(file + ": budget: unknown key \"" + key + "\" (known: "
                        + String.join(", ", BUDGET_KEYS) + ")");
            }
            JsonNode n = node.get(key);
            boolean whole = n.isIntegralNumber() && (key.equals("max_turns") ? n.canConvertToInt() : n.canConvertToLong());
            if (!n.isNumber() || n.asDouble() <= 0 || (!key.equals("max_cost_usd") && !whole)) {
                throw new ConfigException(file + ": budget." + key + " must be a positive "
                        + (key.equals("max_cost_usd") ? "number" : "whole number"));
            }
        }
        return new BudgetDefaults(node.has("max_cost_usd") ? node.get("max_cost_usd").asDouble() : null,
                node.has("max_tokens") ? node.get("max_tokens").asLong() : null,
                node.has("max_turns") ? node.get("max_turns").asInt() : null);

    }

    /** A command may be written as one string ("claude") or as an argument vector. */
    static List<String> stringList(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("expected a string or a list of strings");
        }
        return JSON.convertValue(node, new TypeReference<>() {
        });
    }
}
