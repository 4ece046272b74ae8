package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** bg-agents.json "worktree", or the one line that says what is wrong with it. */
final class WorktreeSettingsReader {
    private static final Set<String> KEYS = Set.of("include", "dependencies", "setup", "teardown",
            "setup_timeout_minutes", "spares");
    private static final Set<String> DEPENDENCY_KEYS = Set.of("folder", "lockfile", "install", "link");

    private WorktreeSettingsReader() {
    }

    static WorktreeSettings read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return WorktreeSettings.NONE;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"worktree\" must be an object of " + String.join(", ", KEYS));
        }
        ConfigValues.unknownKeys(file, "worktree", node, KEYS);
        List<WorktreeSettings.Dependency> deps = new ArrayList<>();
        JsonNode ds = node.get("dependencies");
        if (ds != null) {
            if (!ds.isArray()) {
                throw new ConfigException(file + ": worktree.dependencies must be a list of {\"folder\", \"lockfile\"}");
            }
            for (int i = 0; i < ds.size(); i++) {
                deps.add(dependency(file, "worktree.dependencies[" + i + "]", ds.get(i)));
            }
        }
        return new WorktreeSettings(patterns(file, node.get("include")), deps,
                command(file, "worktree.setup", node.get("setup")), command(file, "worktree.teardown", node.get("teardown")),
                ConfigValues.positive(file, node, "setup_timeout_minutes", WorktreeSettings.NONE.setupTimeoutMinutes()),
                ConfigValues.bool(file, node, "spares", WorktreeSettings.NONE.spares()));
    }

    private static WorktreeSettings.Dependency dependency(Path file, String where, JsonNode n) throws ConfigException {
        if (!n.isObject()) {
            throw new ConfigException(file + ": " + where + " must be an object of folder, lockfile, install, link");
        }
        ConfigValues.unknownKeys(file, where, n, DEPENDENCY_KEYS);
        JsonNode link = n.get("link");
        if (link != null && !link.isBoolean()) {
            throw new ConfigException(file + ": " + where + ".link must be true or false");
        }
        return new WorktreeSettings.Dependency(inside(file, where + ".folder", n.get("folder")),
                inside(file, where + ".lockfile", n.get("lockfile")), command(file, where + ".install", n.get("install")),
                link != null && link.asBoolean());
    }

    /** A path relative to the repository's top that stays inside it, and is not git's or bg-agents' own. */
    private static String inside(Path file, String where, JsonNode n) throws ConfigException {
        String s = n == null || !n.isTextual() ? "" : n.asText().strip();
        List<String> parts = List.of(s.replace('\\', '/').split("/"));
        if (s.isEmpty() || s.startsWith("/") || s.startsWith("~") || s.indexOf('\0') >= 0 || parts.contains("..")
                || parts.get(0).equals(".git") || parts.get(0).equals(".context")) {
            throw new ConfigException(file + ": " + where + " must be a path inside the repository, relative to its top "
                    + "(no .., not .git or .context)");
        }
        return String.join("/", parts.stream().filter(p -> !p.isEmpty() && !p.equals(".")).toList());
    }

    /** Gitignore patterns, one a string. */
    private static List<String> patterns(Path file, JsonNode n) throws ConfigException {
        if (n == null) {
            return List.of();
        }
        try {
            List<String> out = ConfigLoader.stringList(n);
            if (out.stream().anyMatch(p -> p == null || p.isBlank() || p.chars().anyMatch(c -> c == '\n' || c == 0))) {
                throw new IllegalArgumentException();
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": worktree.include must be a list of gitignore patterns, e.g. [\".env\"]");
        }
    }

    /** An argument vector, or one string split at spaces (no shell); empty when absent. */
    static List<String> command(Path file, String where, JsonNode n) throws ConfigException {
        if (n == null) {
            return List.of();
        }
        List<String> argv;
        try {
            argv = n.isTextual() ? List.of(n.asText().strip().split("\\s+")) : ConfigLoader.stringList(n);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + where + " must be a command: a string or a list of strings");
        }
        if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            throw new ConfigException(file + ": " + where + " must name a program");
        }
        return argv;
    }
}
