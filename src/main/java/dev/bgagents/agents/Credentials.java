package dev.bgagents.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small checks the adapters share when telling whether a CLI has what it needs to log in, and
 * which environment variables hold secrets by their names — kept out of what runs code an agent
 * chose (a check), and masked wherever their values could reach the host.
 */
public final class Credentials {
    private static final List<String> SECRET_ENDINGS = List.of("_KEY", "_TOKEN", "_SECRET", "_PASSWORD", "_PASSWD",
            "_CREDENTIALS", "_PAT", "_AUTH");
    private static final List<String> SECRET_PARTS = List.of("SECRET", "PASSWORD", "API_KEY", "ACCESS_KEY",
            "PRIVATE_KEY", "AUTH_TOKEN");

    private Credentials() {
    }

    /** Whether a variable of this name holds a secret by its name: {@code *_KEY}, {@code *_TOKEN}, {@code *PASSWORD*}, … */
    public static boolean isSecretName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return SECRET_ENDINGS.stream().anyMatch(n::endsWith) || SECRET_PARTS.stream().anyMatch(n::contains);
    }

    /** The names among {@code env}'s that hold secrets. */
    public static List<String> secretNames(Map<String, String> env) {
        return env.keySet().stream().filter(Credentials::isSecretName).sorted().toList();
    }

    public static boolean anyEnv(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code key = "value"} in a TOML file, or null (enough for codex's env_key). */
    public static String tomlString(Path file, String key) {
        try {
            Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(file));
            return m.find() ? m.group(1) : null;
        } catch (IOException none) {
            return null;
        }
    }
}
