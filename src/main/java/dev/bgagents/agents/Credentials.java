package dev.bgagents.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small checks the adapters share when telling whether a CLI has what it needs to log in. */
public final class Credentials {
    private Credentials() {
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
