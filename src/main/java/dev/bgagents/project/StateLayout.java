package dev.bgagents.project;

import java.nio.file.Path;

/**
 * Where bg-agents keeps its state: {@code .context/} at the top of a project (or of the
 * repository a job's worktree belongs to). Every path under it is named here or in {@link JobDir};
 * the jobs' worktrees are not under it but outside the checkout ({@link WorktreeHome}); earlier
 * versions put them in {@code .context/worktrees/}, and records of those keep their paths.
 */
public record StateLayout(Path top) {
    public static final String DIR = ".context";

    /**
     * Whether a repository path (slash-separated, from the top) lies in the state directory: what
     * no branch may bring into the live one, and no commit of the server's takes from a worktree.
     * Compared without case, as a case-insensitive file system (macOS) would open it.
     */
    public static boolean holds(String repoPath) {
        String p = repoPath.toLowerCase(java.util.Locale.ROOT);
        return p.equals(DIR) || p.startsWith(DIR + "/");
    }

    public Path root() {
        return top.resolve(DIR);
    }

    /** The server's log (also on stderr). */
    public Path log() {
        return root().resolve("bg-agents.log");
    }

    /** One directory per job, each a {@link JobDir}. */
    public Path jobs() {
        return root().resolve("jobs");
    }

    /**
     * How each check went on each base commit it was run on, one small file per commit and
     * command: what every job on that base asks when its check fails, and later servers too.
     */
    public Path baseChecks() {
        return root().resolve("base-checks");
    }

    /** Events for the person (bg-agents.json "notify") and which sink has delivered each. */
    public Path notifications() {
        return root().resolve("notify");
    }

    /** Plan sessions, {@code impl/<yyyyMMdd-HHmmss>_<feature>/}. */
    public Path plans() {
        return root().resolve("impl");
    }
}
