package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dependency folder of a checkout, ignored by git and made by an install from a lockfile: where it
 * is, the lockfiles that say what it holds, what makes it again, and whether a worktree gets a link
 * to the checkout's folder rather than a copy. Paths are relative to the repository's top, with "/".
 *
 * @param dir      where its lockfile is, and where its install runs ("" for the top)
 * @param lockfile the lockfile's name in {@code dir}, whose bytes decide whether the checkout's folder fits
 *                 the worktree; a {@code *} stands for any text (several requirements files together)
 * @param install  the commands that make the folder in the worktree, run in {@code dir}, in order
 * @param link     a symlink to the checkout's folder instead of a copy: only when the project says so
 */
record Dependency(String folder, String dir, String lockfile, List<List<String>> install, boolean link) {

    /**
     * What bg-agents knows by itself, per folder in order of preference: the lockfile a folder is
     * installed from and the install that reproduces it exactly.
     */
    private record Kind(String folder, String lockfile, List<List<String>> install) {
    }

    private static final List<String> NPM_CI = List.of("npm", "ci", "--no-audit", "--no-fund");
    private static final List<Kind> KNOWN = List.of(
            new Kind("node_modules", "package-lock.json", List.of(NPM_CI)),
            new Kind("node_modules", "npm-shrinkwrap.json", List.of(NPM_CI)),
            new Kind("node_modules", "pnpm-lock.yaml", List.of(List.of("pnpm", "install", "--frozen-lockfile"))),
            new Kind("node_modules", "yarn.lock", List.of(List.of("yarn", "install", "--frozen-lockfile"))),
            new Kind(".venv", "uv.lock", List.of(List.of("uv", "sync", "--frozen"))),
            new Kind(".venv", "poetry.lock", List.of(List.of("poetry", "install", "--no-root"))),
            new Kind(".venv", "requirements*.txt", List.of()),
            new Kind("vendor", "composer.lock", List.of(List.of("composer", "install", "--no-interaction"))),
            new Kind("vendor", "go.sum", List.of(List.of("go", "mod", "vendor"))),
            new Kind("vendor/bundle", "Gemfile.lock", List.of(List.of("bundle", "install"))));

    Dependency {
        install = install.stream().map(List::copyOf).toList();
    }

    /**
     * The dependency folders of the checkout at {@code main} that a worktree could get: those it names
     * in {@code settings} (each replaces a detected one of the same folder), then those detected in its
     * top folder and in {@code subdir}, the folder the job works in ("" for the top) — a folder of a
     * known kind that exists in the checkout, with its lockfile beside it.
     */
    static List<Dependency> of(Path main, String subdir, WorktreeSettings settings) {
        Map<String, Dependency> out = new LinkedHashMap<>();
        for (WorktreeSettings.Dependency d : settings.dependencies()) {
            String name = d.lockfile().substring(d.lockfile().lastIndexOf('/') + 1);
            List<List<String>> install = !d.install().isEmpty() ? List.of(d.install())
                    : KNOWN.stream().filter(k -> k.lockfile().equals(name)).findFirst().map(Kind::install).orElse(List.of());
            String dir = d.lockfile().contains("/") ? d.lockfile().substring(0, d.lockfile().lastIndexOf('/')) : "";
            out.put(d.folder(), new Dependency(d.folder(), dir, name, install, d.link()));
        }
        List<String> dirs = subdir.isEmpty() ? List.of("") : List.of("", subdir);
        for (String dir : dirs) {
            for (Kind k : KNOWN) {
                String folder = join(dir, k.folder());
                if (out.containsKey(folder) || !Files.isDirectory(main.resolve(folder), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                List<String> locks = lockfiles(main, dir, k.lockfile());
                if (locks.isEmpty()) {
                    continue;
                }
                out.put(folder, new Dependency(folder, dir, k.lockfile(), install(k, main, dir, locks), false));
            }
        }
        return List.copyOf(out.values());
    }

    private static List<List<String>> install(Kind k, Path main, String dir, List<String> locks) {
        if (k.lockfile().equals("yarn.lock") && Files.exists(main.resolve(join(dir, ".yarnrc.yml")))) {
            return List.of(List.of("yarn", "install", "--immutable")); // yarn 2 and later
        }
        if (!k.lockfile().startsWith("requirements")) {
            return k.install();
        }
        List<String> pip = new ArrayList<>(List.of(".venv/bin/python", "-m", "pip", "install", "--disable-pip-version-check"));
        locks.forEach(l -> pip.addAll(List.of("-r", l.substring(l.lastIndexOf('/') + 1))));
        return List.of(List.of("python3", "-m", "venv", ".venv"), pip);
    }

    /** Its lockfiles in the checkout at {@code top} (the person's, or a worktree), relative to the top. */
    List<String> lockfilesIn(Path top) {
        return lockfiles(top, dir, lockfile);
    }

    /** The lockfiles in {@code dir} of a checkout: the one named, or every match of a pattern, sorted. */
    private static List<String> lockfiles(Path top, String dir, String lockfile) {
        if (!lockfile.contains("*")) {
            String one = join(dir, lockfile);
            return Files.isRegularFile(top.resolve(one), LinkOption.NOFOLLOW_LINKS) ? List.of(one) : List.of();
        }
        String glob = "glob:" + lockfile;
        var matcher = top.getFileSystem().getPathMatcher(glob);
        Path where = top.resolve(dir.isEmpty() ? "." : dir);
        if (!Files.isDirectory(where, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(where)) {
            return s.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> join(dir, p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
