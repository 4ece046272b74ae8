package dev.bgagents.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where this user's bg-agents files go, by the platform's convention: the XDG directories
 * when the environment names them (absolute paths only, as the spec says), else on Linux
 * {@code ~/.config} and {@code ~/.local/state}, on macOS {@code ~/Library/Application Support}
 * — where a config in {@code ~/.config}, as many command-line tools keep theirs there too, is
 * still read first.
 */
public record UserDirs(Map<String, String> env, boolean mac) {
    public static UserDirs ofThisSystem() {
        return new UserDirs(System.getenv(), System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac"));
    }

    private Path home() {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    }

    private Path xdg(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank() && Path.of(v).isAbsolute() ? Path.of(v) : null;
    }

    private Path applicationSupport() {
        return home().resolve("Library").resolve("Application Support").resolve("bg-agents");
    }

    /** The user-wide config files to look for, first found wins. */
    public List<Path> configFiles() {
        List<Path> out = new ArrayList<>();
        Path x = xdg("XDG_CONFIG_HOME");
        if (x != null) {
            out.add(x.resolve("bg-agents").resolve("bg-agents.json"));
        }
        Path dotConfig = home().resolve(".config").resolve("bg-agents").resolve("bg-agents.json");
        if (!out.contains(dotConfig)) {
            out.add(dotConfig);
        }
        if (mac) {
            out.add(applicationSupport().resolve("bg-agents.json"));
        }
        return out;
    }

    /** The directory for state that outlives a project's: the list of known projects. */
    public Path state() {
        Path x = xdg("XDG_STATE_HOME");
        if (x != null) {
            return x.resolve("bg-agents");
        }
        return mac ? applicationSupport() : home().resolve(".local").resolve("state").resolve("bg-agents");
    }
}
