package dev.bgagents.sandbox;

import dev.bgagents.agents.Permissions;
import dev.bgagents.git.GitException;
import dev.bgagents.git.LentBranch;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an agent of a {@code read-only} or {@code workspace-write} job may write, as {@link Sandbox.Rules}:
 * its private {@code /tmp} and its CLI's own state ({@link CliState}) always; under {@code workspace-write}
 * also its worktree and of the main repository's {@code .git} only what a commit in a linked worktree
 * writes — the worktree's own entry ({@code worktrees/<id>}, its {@code gitdir} and {@code commondir}
 * sealed), the loose objects, and its branch's ref and reflog, lent to it ({@link LentBranch}).
 * A job that runs in the checkout itself writes the checkout, but never its hooks, its git config or the
 * server's state ({@code .context/}). Everything else is read-only, and what lies under the real
 * {@code /tmp} (which the private one hides) is bound again to be read: the repository, the home, any
 * path the agent's environment names.
 */
public final class AgentRules {
    private AgentRules() {
    }

    /**
     * @param workspace the job's worktree, or null when it runs in place
     * @param stateDir  the server's state directory the job's records are in ({@code .context/})
     * @param tmp       the agent's {@code /tmp}
     * @param home      the agent's home, shown in place of {@code $HOME}
     * @param ownRefs   where the job's branch is lent to it ({@link LentBranch}); null where the sandbox cannot show
     *                  it there (Seatbelt), and the directory of the branch's ref is writable instead
     * @param env       the environment the agent runs with (its CLI's state is found through it)
     * @param argv      its argument vector (a path in it under the real {@code /tmp} stays readable)
     */
    public static Sandbox.Rules of(Permissions permissions, Path workdir, Workspace workspace, Path stateDir,
                                   Path tmp, Path home, Path ownRefs, String provider, Map<String, String> env, List<String> argv)
            throws IOException {
        Files.createDirectories(tmp);
        Set<Path> writable = new LinkedHashSet<>();
        for (Path d : CliState.dirs(provider, env)) {
            writable.add(Files.createDirectories(d));
        }
        List<Path> sealed = new ArrayList<>();
        Map<Path, Path> lent = new java.util.HashMap<>();
        Set<Path> readable = new LinkedHashSet<>();
        if (workspace != null) {
            readable.add(workspace.repo());
        }
        readable.add(workdir);
        for (String v : (Iterable<String>) java.util.stream.Stream.concat(env.values().stream(), argv.stream())::iterator) {
            if (v.startsWith("/tmp/") && !v.contains(java.io.File.pathSeparator) && v.indexOf('\n') < 0
                    && Files.exists(Path.of(v))) {
                readable.add(Path.of(v));
            }
        }
        if (permissions == Permissions.WORKSPACE_WRITE || permissions == Permissions.ASK) {
            if (workspace != null && Files.isDirectory(workspace.path())) {
                linkedWorktree(workspace, ownRefs, writable, sealed, lent);
            } else {
                writable.add(workdir);
                inPlace(workdir, sealed);
            }
        }
        if (Files.isDirectory(stateDir)) {
            sealed.add(stateDir);
        }
        Map<Path, Path> shown = new java.util.HashMap<>(homeOfItsOwn(env.get("HOME"), home, provider, env, readable));
        shown.putAll(lent);
        // seen already where it may be written, and bound read-only over it would take that away
        readable.removeIf(p -> !Files.exists(p) || writable.stream().anyMatch(p::startsWith));
        return new Sandbox.Rules(workdir, List.copyOf(writable), List.copyOf(readable), tmp, true, sealed, shown,
                true);
    }

    /**
     * The agent's own home in place of the person's, in which every entry of the person's is bound read-only
     * (their dotfiles cannot change, and a new one the agent makes is its own) and the files its CLI replaces
     * there are copies, taken once per job.
     */
    private static Map<Path, Path> homeOfItsOwn(String personal, Path own, String provider, Map<String, String> env,
                                                Set<Path> readable) throws IOException {
        if (personal == null || personal.isBlank() || !Files.isDirectory(Path.of(personal))) {
            return Map.of();
        }
        Path real = Path.of(personal);
        Files.createDirectories(own);
        List<String> copied = CliState.homeFiles(provider, env);
        for (String f : copied) {
            if (Files.isRegularFile(real.resolve(f)) && !Files.exists(own.resolve(f))) {
                Files.copy(real.resolve(f), own.resolve(f), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        readable.removeIf(p -> p.startsWith(real));
        try (var entries = Files.list(real)) {
            entries.filter(e -> !copied.contains(e.getFileName().toString())).forEach(readable::add);
        }
        return Map.of(real, own);
    }

    private static void linkedWorktree(Workspace w, Path ownRefs, Set<Path> writable, List<Path> sealed,
                                       Map<Path, Path> shown) throws IOException {
        Path admin;
        Path common;
        try {
            admin = Worktrees.gitDirOf(w).toRealPath();
            common = admin.getParent().getParent();
            // a commit renames <ref>.lock over the ref, so its directory must be writable — with every other
            // job's branch in it: the agent is shown directories of its own there, holding its ref alone
            if (ownRefs != null) {
                shown.putAll(LentBranch.lend(w, ownRefs));
            } else {
                for (Path dir : List.of(common.resolve("refs/heads"), common.resolve("logs/refs/heads"))) {
                    writable.add(Files.createDirectories(dir.resolve(w.branch()).getParent()));
                }
            }
        } catch (GitException e) {
            throw new IOException(e.getMessage());
        }
        writable.add(w.path());
        writable.add(admin);
        writable.add(common.resolve("objects"));
        // new objects go loose into objects/xx/; the packs hold the person's history (deleting one loses it) and
        // info/ names alternates (an agent's own object store substituted for it): neither is the agent's to write
        for (String d : List.of("objects/pack", "objects/info")) {
            sealed.add(Files.createDirectories(common.resolve(d)));
        }
        for (String f : List.of("gitdir", "commondir")) {
            if (Files.exists(admin.resolve(f))) {
                sealed.add(admin.resolve(f));
            }
        }
    }

    /** A job in the checkout: its repository's hooks and config are still not the agent's. */
    private static void inPlace(Path workdir, List<Path> sealed) throws IOException {
        for (Path d = workdir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                Files.createDirectories(git.resolve("hooks"));
                sealed.add(git.resolve("hooks"));
                sealed.add(git.resolve("config"));
                return;
            }
            if (Files.exists(git)) {
                return; // a worktree of the person's: its hooks and config are its main repository's, read-only
            }
        }
    }
}
