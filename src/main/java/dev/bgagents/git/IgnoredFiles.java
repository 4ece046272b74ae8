package dev.bgagents.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files of a checkout that git ignores, as git itself decides it (every .gitignore, the
 * repository's exclude file, the user's excludes), and which of them a project names in gitignore
 * syntax — the rules Claude Code's {@code .worktreeinclude} uses.
 */
public final class IgnoredFiles {
    private IgnoredFiles() {
    }

    /**
     * The untracked files under {@code repoTop} that the patterns name — the lines of {@code patternFile}
     * when it exists, then {@code patterns} — and that git ignores, relative to the top with "/", in git's
     * order; never bg-agents' own {@code .context/}.
     */
    public static List<String> named(Path repoTop, Path patternFile, List<String> patterns) throws GitException {
        List<String> args = new ArrayList<>(List.of("ls-files", "-z", "--others", "--ignored"));
        if (patternFile != null && Files.isRegularFile(patternFile)) {
            args.add("--exclude-from=" + patternFile);
        }
        patterns.forEach(p -> args.add("--exclude=" + p));
        if (args.size() == 4) {
            return List.of();
        }
        List<String> named = split(GitCli.run(repoTop, args.toArray(String[]::new))).stream()
                .filter(p -> !p.startsWith(".context/")).toList();
        if (named.isEmpty()) {
            return named;
        }
        // what git ignores, whole ignored folders said once ("node_modules/"): a short list, quickly walked
        Set<String> ignored = ignoredEntries(repoTop);
        return named.stream().filter(p -> ignored.contains(p) || within(p, ignored)).toList();
    }

    /** Whether git ignores the folder {@code path} (relative to the top) whole in the checkout at {@code repoTop}. */
    public static boolean ignoresFolder(Path repoTop, String path) throws GitException {
        return within(path + "/", ignoredEntries(repoTop, "--", path));
    }

    private static Set<String> ignoredEntries(Path repoTop, String... pathspec) throws GitException {
        List<String> args = new ArrayList<>(List.of("ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                "--directory"));
        args.addAll(List.of(pathspec));
        return split(GitCli.run(repoTop, args.toArray(String[]::new))).stream().collect(Collectors.toSet());
    }

    /** Whether {@code path} or a folder it is in is one of {@code entries} (folders end with "/"). */
    private static boolean within(String path, Set<String> entries) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (entries.contains(path.substring(0, slash + 1))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> split(String nulSeparated) {
        return Arrays.stream(nulSeparated.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
