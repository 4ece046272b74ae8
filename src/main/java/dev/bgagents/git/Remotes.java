package dev.bgagents.git;

/**
 * A repository's remotes, for delivering a job's branch: where a remote points, and pushing one
 * branch there — that branch alone, never forced (a branch someone else moved on the remote is
 * refused, not overwritten), with no hook run: an agent may have planted one or pointed
 * {@code core.hooksPath} at its own.
 */
public final class Remotes {
    private Remotes() {
    }

    /** The URL the remote {@code name} fetches from, or null when the repository has no such remote. */
    public static String url(java.nio.file.Path repoTop, String name) {
        try {
            String out = GitCli.runOrNo(repoTop, "remote", "get-url", "--", name);
            return out == null || out.isBlank() ? null : out.strip();
        } catch (GitException e) {
            return null; // git says "No such remote" with exit 2
        }
    }

    /** Pushes {@code branch} to the same name on {@code remote}; a refusal is git's own last line. */
    public static void push(java.nio.file.Path repoTop, String remote, String branch) throws GitException {
        String ref = "refs/heads/" + branch;
        try {
            GitCli.run(repoTop, "-c", "core.hooksPath=/dev/null", "push", "--no-verify", "--porcelain", "--", remote,
                    ref + ":" + ref);
        } catch (GitException e) {
            throw new GitException(e.getMessage().replaceFirst("^git -c failed: ", "git push failed: "));
        }
    }

    /** Pushes {@code branch} as it is now to {@code remote} (a name or a URL): a pod elsewhere clones it from there. */
    public static void pushFrom(java.nio.file.Path repoTop, String remote, String branch) throws GitException {
        push(repoTop, remote, branch);
    }

    /**
     * Brings what was pushed to {@code branch} on {@code remote} into the worktree that has it checked out, by
     * fast-forward only: work done elsewhere (a pod) becomes the job's worktree as if it had been done here.
     */
    public static void fastForward(java.nio.file.Path worktree, String remote, String branch) throws GitException {
        try {
            GitCli.run(worktree, "-c", "core.hooksPath=/dev/null", "fetch", "--quiet", "--no-tags", "--", remote,
                    "refs/heads/" + branch);
            GitCli.run(worktree, "-c", "core.hooksPath=/dev/null", "merge", "--quiet", "--ff-only", "FETCH_HEAD");
        } catch (GitException e) {
            throw new GitException(e.getMessage().replaceFirst("^git -c failed: ", "git fetch failed: "));
        }
    }
}
