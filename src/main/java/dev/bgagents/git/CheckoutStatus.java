package dev.bgagents.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the person's checkout looks like, cheaply: each path {@code git status} lists (changed or untracked,
 * ignored ones not) with its size and modification time, and the same of the repository's {@code config}
 * and {@code hooks/}. Taken before an unconfined agent starts and again after it, the difference is what
 * changed outside its worktree while it ran — the agent's doing or the person's, which no one can tell
 * apart, so it is said as what changed, not who changed it.
 */
public final class CheckoutStatus {
    private CheckoutStatus() {
    }

    /** Writes the checkout's status now to {@code file}. */
    public static void record(Path checkout, Path file) throws GitException, IOException {
        StringBuilder b = new StringBuilder();
        now(checkout).forEach((p, v) -> b.append(p).append('\0').append(v).append('\0'));
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** The paths (relative to the checkout; the git directory's as {@code .git/…}) that differ from {@code file}'s. */
    public static List<String> changedSince(Path checkout, Path file) throws GitException, IOException {
        Map<String, String> before = new TreeMap<>();
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            before.put(parts[i], parts[i + 1]);
        }
        Map<String, String> after = now(checkout);
        TreeSet<String> changed = new TreeSet<>();
        after.forEach((p, v) -> {
            if (!v.equals(before.get(p))) {
                changed.add(p);
            }
        });
        before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(changed::add);
        return new ArrayList<>(changed);
    }

    private static Map<String, String> now(Path checkout) throws GitException, IOException {
        Map<String, String> m = new TreeMap<>();
        // no fsmonitor (a program the config names) and no index refresh written: a look, nothing more
        String out = GitCli.run(checkout, "--no-optional-locks", "-c", "core.fsmonitor=false", "status",
                "--porcelain=v1", "-z", "--untracked-files=normal");
        String[] entries = out.split("\0");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i];
            if (e.length() < 4) {
                continue;
            }
            String path = e.substring(3);
            m.put(path, e.substring(0, 2) + " " + stamp(checkout.resolve(path)));
            if (e.charAt(0) == 'R' || e.charAt(0) == 'C') {
                i++; // a rename's source follows it
            }
        }
        Path git = checkout.resolve(".git");
        if (Files.isDirectory(git)) {
            m.put(".git/config", stamp(git.resolve("config")));
            if (Files.isDirectory(git.resolve("hooks"))) {
                try (var hooks = Files.list(git.resolve("hooks"))) {
                    for (Path h : (Iterable<Path>) hooks::iterator) {
                        m.put(".git/hooks/" + h.getFileName(), stamp(h));
                    }
                }
            }
        }
        return m;
    }

    private static String stamp(Path p) {
        try {
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException gone) {
            return "absent";
        }
    }
}
