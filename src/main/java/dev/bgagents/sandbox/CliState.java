package dev.bgagents.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each agent CLI writes of its own state, which its sandbox must leave writable.
 *
 * <p>Measured, not guessed (2026-12-05; claude 2.1.197, codex 0.169.0, gemini 0.61.0, opencode 1.18.33):
 * each CLI ran a turn against the mock model servers of the end-to-end tests ({@code WriteAndResumeE2EIT},
 * its provider command wrapped in {@code strace -f -e trace=openat,mkdir,rename,unlink,link,…}) and once
 * more from a fresh {@code HOME} with none of the variables below set; every path it opened for writing,
 * made, renamed or removed that was not its worktree or {@code /tmp} is listed here. Then the same runs
 * under bubblewrap with only these writable ({@code WriteAndResumeE2EIT} and the other *E2EIT) passed.
 * <ul>
 *   <li>claude: {@code $CLAUDE_CONFIG_DIR} (default {@code ~/.claude}: sessions, projects/…/*.jsonl
 *       transcripts, backups); and without that variable {@code ~/.claude.json}, which it replaces by
 *       writing {@code ~/.claude.json.tmp.<pid>.<hex>} beside it and renaming, under a lock file
 *       {@code ~/.claude.json.lock} — so in the home itself ({@link #homeFiles}).</li>
 *   <li>codex: {@code $CODEX_HOME} (default {@code ~/.codex}: sqlite state, sessions, shell snapshots,
 *       its sandbox helper's links in {@code tmp/}).</li>
 *   <li>gemini: {@code ~/.gemini} (projects.json by tmp file and rename, history/, tmp/).</li>
 *   <li>opencode: {@code $XDG_DATA_HOME/opencode}, {@code $XDG_STATE_HOME/opencode},
 *       {@code $XDG_CACHE_HOME/opencode}, {@code $XDG_CONFIG_HOME/opencode} (it installs its provider
 *       packages there with npm) and npm's cache {@code ~/.npm}; it also caches its project id in the
 *       repository's git directory ({@code .git/opencode}), which stays read-only: measured, a run whose
 *       write there fails still works.</li>
 * </ul>
 * A custom provider gets none: it writes its worktree and its {@code /tmp}.
 */
final class CliState {
    private CliState() {
    }

    /** The directories {@code provider} writes its state in, for the environment its agent runs with. */
    static List<Path> dirs(String provider, Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            return List.of();
        }
        Path h = Path.of(home);
        List<Path> dirs = new ArrayList<>();
        switch (provider) {
            case "claude" -> dirs.add(var(env, "CLAUDE_CONFIG_DIR", h.resolve(".claude")));
            case "codex" -> dirs.add(var(env, "CODEX_HOME", h.resolve(".codex")));
            case "gemini" -> dirs.add(h.resolve(".gemini"));
            case "opencode" -> {
                dirs.add(var(env, "XDG_DATA_HOME", h.resolve(".local/share")).resolve("opencode"));
                dirs.add(var(env, "XDG_STATE_HOME", h.resolve(".local/state")).resolve("opencode"));
                dirs.add(var(env, "XDG_CACHE_HOME", h.resolve(".cache")).resolve("opencode"));
                dirs.add(var(env, "XDG_CONFIG_HOME", h.resolve(".config")).resolve("opencode"));
                dirs.add(h.resolve(".npm"));
            }
            default -> {
            }
        }
        return dirs;
    }

    /**
     * Files directly in the home that {@code provider} replaces by a rename beside them: a sandbox cannot
     * make one writable without the whole home, so the agent gets a home of its own in which they are copies.
     */
    static List<String> homeFiles(String provider, Map<String, String> env) {
        return "claude".equals(provider) && !env.containsKey("CLAUDE_CONFIG_DIR") ? List.of(".claude.json") : List.of();
    }

    private static Path var(Map<String, String> env, String name, Path otherwise) {
        String v = env.get(name);
        return v == null || v.isBlank() ? otherwise : Path.of(v);
    }
}
