package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One value of bg-agents.json read by its key, or the one line that says what is wrong with it. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** Absolute directories (~ for the home directory) that must exist: a root that is not there is a typo. */
    static List<Path> roots(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        List<String> given;
        try {
            given = ConfigLoader.stringList(node);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": \"allowed_roots\" must be a list of directory paths");
        }
        List<Path> out = new java.util.ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String s = given.get(i);
            String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
            String expanded = s.equals("~") ? home : s.startsWith("~/") ? home + s.substring(1) : s;
            Path p;
            try {
                p = Path.of(expanded);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(file + ": allowed_roots[" + i + "] is not a valid path");
            }
            if (!p.isAbsolute()) {
                throw new ConfigException(file + ": allowed_roots[" + i + "] \"" + s + "\" must be an absolute path");
            }
            if (!Files.isDirectory(p)) {
                throw new ConfigException(file + ": allowed_roots[" + i + "] \"" + s + "\" is not an existing directory");
            }
            out.add(p);
        }
        return out;
    }

    static boolean bool(Path file, JsonNode root, String key, boolean fallback) throws ConfigException {
        JsonNode n = root.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new ConfigException(file + ": \"" + key + "\" must be true or false");
        }
        return n.asBoolean();
    }

    static double positive(Path file, JsonNode root, String key, double fallback) throws ConfigException {
        JsonNode n = root.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber() || n.asDouble() <= 0) {
            throw new ConfigException(file + ": \"" + key + "\" must be a positive number");
        }
        return n.asDouble();
    }

    /** An absolute directory (made when it is not there yet), or null when the key is absent. */
    static Path absoluteDir(Path file, JsonNode root, String key) throws ConfigException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || !Path.of(n.asText()).isAbsolute()) {
            throw new ConfigException(file + ": \"" + key + "\" must be an absolute path");
        }
        Path p = Path.of(n.asText());
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new ConfigException(file + ": \"" + key + "\" " + p + " is not a directory");
        }
        return p;
    }

    /** Refuses a key of {@code n} (at {@code where}) that is not {@code known}, naming it and the known ones. */
    static void unknownKeys(Path file, String where, JsonNode n, Set<String> known) throws ConfigException {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(file + ": " + where + ": unknown key \"" + key + "\" (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
