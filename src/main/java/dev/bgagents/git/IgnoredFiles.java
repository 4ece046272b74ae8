package dev.bgagents.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a checkout that git ignores, as git itself decides it (every .gitignore, the
 * repository's exclude file, the user's excludes), and which of them a project names in gitignore
 * syntax — the rules Claude Code's {@code .worktreeinclude} uses.
 */
public final class IgnoredFiles {
    /** check-ignore takes paths as arguments: this many at a time keeps a call's arguments small. */
    private static final int BATCH = 200;

    private IgnoredFiles() {
    }

    /**
     * The untracked files under {@code repoTop} that the patterns name — the lines of {@code patternFile}
     * when it exists, then {@code patterns} — and that git ignores, relative to the top with "/", in git's
     * order; never git's own directory nor bg-agents' {@code .context/}.
     */
    public static List<String> named(Path repoTop, Path patternFile, List<String> patterns) throws GitException {
        List<String> args = new ArrayList<>(List.of("ls-files", "-z", "--others", "--ignored"));
        if (patternFile != null && java.nio.file.Files.isRegularFile(patternFile)) {
            args.add("--exclude-from=" + patternFile);
        }
        patterns.forEach(p -> args.add("--exclude=" + p));
        if (args.size() == 4) {
            return List.of();
        }
        List<String> named = split(GitCli.run(repoTop, args.toArray(String[]::new))).stream()
                .filter(p -> !p.startsWith(".context/") && !p.equals(".context")).toList();
        Set<String> ignored = ignored(repoTop, named);
        return named.stream().filter(ignored::contains).toList();
    }

    /** Whether git ignores {@code path} (relative to the top) in the checkout at {@code repoTop}. */
    public static boolean ignores(Path repoTop, String path) throws GitException {
        return !ignored(repoTop, List.of(path)).isEmpty();
    }

    private static Set<String> ignored(Path repoTop, List<String> paths) throws GitException {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < paths.size(); from += BATCH) {
            List<String> args = new ArrayList<>(List.of("check-ignore", "-z", "--"));
            args.addAll(paths.subList(from, Math.min(paths.size(), from + BATCH)));
            String said = GitCli.runOrNo(repoTop, args.toArray(String[]::new));
            if (said != null) {
                out.addAll(split(said));
            }
        }
        return out;
    }

    private static List<String> split(String nulSeparated) {
        return Arrays.stream(nulSeparated.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
