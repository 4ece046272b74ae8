package dev.bgagents.git;

import dev.bgagents.project.StateFiles;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A conflict brought into a job's own worktree so that its agent can resolve it there: the target
 * merged into the job's branch with git's conflict markers left in; what the agent made of it read
 * from the main repository (the branch's tip and the files in it), never from the worktree's own
 * {@code .git}, which the agent could have rewritten; and the branch put back as it was, the
 * attempt kept under a ref, when the rounds end without a resolution. The person's checkout is
 * never touched.
 */
public final class ConflictMerge {
    /** What a line of git's conflict markers starts with. */
    private static final List<String> MARKERS = List.of("<<<<<<< ", ">>>>>>> ", "=======");

    private ConflictMerge() {
    }

    /**
     * @param target    the commit merged in
     * @param conflicts files left with markers; empty when the merge went through (and was committed)
     */
    public record Started(String target, List<String> conflicts) {
        public Started {
            conflicts = List.copyOf(conflicts);
        }
    }

    /** The branch's tip as the main repository has it. */
    public static String tip(Workspace w) throws GitException {
        return GitCli.run(w.repo(), "rev-parse", "--verify", "refs/heads/" + w.branch() + "^{commit}").strip();
    }

    /** {@code rev} as a commit id, or a GitException naming it. */
    public static String commitOf(Path repo, String rev) throws GitException {
        return GitCli.run(repo, "rev-parse", "--verify", "--end-of-options", rev + "^{commit}").strip();
    }

    /**
     * Merges {@code target} (a commit) into the job's branch in its worktree, which must hold nothing
     * uncommitted: a clean merge is committed, a conflicting one stays in progress, markers in its files.
     */
    public static Started mergeInto(Workspace w, String target, String message) throws GitException {
        Path gitDir = Worktrees.gitDirOf(w);
        String dirty = GitCli.inWorktree(gitDir, w.path(), "status", "--porcelain", "--untracked-files=no");
        if (dirty == null || !dirty.isBlank()) {
            throw new GitException("the worktree " + w.path() + " holds uncommitted changes");
        }
        PersonIdent who = identity(w.repo());
        String merged = GitCli.inWorktree(gitDir, w.path(), "-c", "user.name=" + who.getName(), "-c",
                "user.email=" + who.getEmailAddress(), "merge", "--no-ff", "--no-edit", "-m", message, target);
        if (merged != null) {
            return new Started(target, List.of());
        }
        List<String> conflicts = unmerged(gitDir, w.path());
        if (conflicts.isEmpty()) {
            abort(gitDir, w.path());
            throw new GitException("git merge of " + target.substring(0, 7) + " into " + w.branch() + " failed");
        }
        return new Started(target, conflicts);
    }

    /**
     * What the agent left, read from the main repository: null when the branch holds {@code target} and
     * none of {@code files} has a conflict marker at its tip, else why not. Uncommitted work (a merge still
     * in progress, changed files) is reported too, by {@link #uncommitted}.
     */
    public static String unresolved(Workspace w, String target, List<String> files) throws GitException {
        String tip = tip(w);
        if (GitCli.runOrNo(w.repo(), "merge-base", "--is-ancestor", target, tip) == null) {
            return "the branch does not hold the merge of " + target.substring(0, 7) + " (not committed)";
        }
        List<String> marked = new ArrayList<>();
        for (String f : files) {
            String content = GitCli.runOrNo(w.repo(), "cat-file", "-p", tip + ":" + f);
            // a file the resolution deleted is the agent's call
            if (content != null && content.lines().anyMatch(l -> MARKERS.stream().anyMatch(m ->
                    m.endsWith(" ") ? l.startsWith(m) : l.equals(m)))) {
                marked.add(f);
            }
        }
        return marked.isEmpty() ? null : "conflict markers left in " + String.join(", ", marked);
    }

    /** Whether the worktree holds work not on the branch: a merge in progress, or changed tracked files. */
    public static boolean uncommitted(Workspace w) throws GitException {
        Path gitDir = Worktrees.gitDirOf(w);
        if (Files.exists(gitDir.resolve("MERGE_HEAD"))) {
            return true;
        }
        String status = GitCli.inWorktree(gitDir, w.path(), "status", "--porcelain", "--untracked-files=no");
        return status == null || !status.isBlank();
    }

    /** Commits everything the worktree holds (a merge in progress included, markers and all). */
    public static void commitAll(Workspace w, String message) throws GitException {
        Path gitDir = Worktrees.gitDirOf(w);
        PersonIdent who = identity(w.repo());
        GitCli.inWorktree(gitDir, w.path(), "add", "-A", "--", ".");
        String done = GitCli.inWorktree(gitDir, w.path(), "-c", "user.name=" + who.getName(), "-c",
                "user.email=" + who.getEmailAddress(), "commit", "--no-verify", "-q", "-m", message);
        if (done == null && uncommitted(w)) {
            throw new GitException("cannot commit what the agent left in " + w.path());
        }
    }

    /**
     * Puts the branch back at {@code tip}, its worktree with it, once its current state (committed first)
     * is kept at {@code keepAt}: the rounds failed, and their attempt is the agent's work all the same.
     */
    public static void restore(Workspace w, String tip, String keepAt, String message) throws GitException {
        if (Files.isDirectory(w.path())) {
            relink(w);
        }
        if (Files.isDirectory(w.path()) && uncommitted(w)) {
            commitAll(w, message);
        }
        String now = tip(w);
        if (now.equals(tip)) {
            return;
        }
        GitCli.run(w.repo(), "update-ref", "-m", "bg-agents: unresolved attempt", keepAt, now);
        if (Files.isDirectory(w.path())) {
            GitCli.inWorktree(Worktrees.gitDirOf(w), w.path(), "reset", "-q", "--hard", tip);
        } else {
            GitCli.run(w.repo(), "update-ref", "refs/heads/" + w.branch(), tip, now);
        }
    }

    /**
     * The worktree's {@code .git} pointing at its git directory again, whatever the agent made of it (a
     * file naming another repository, a directory, a link): a person's git there must see its branch.
     */
    public static void relink(Workspace w) throws GitException {
        Path dotGit = w.path().resolve(".git");
        Path gitDir = Worktrees.gitDirOf(w);
        String wanted = "gitdir: " + gitDir + "\n";
        try {
            if (Files.isRegularFile(dotGit, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(dotGit).equals(wanted)) {
                return;
            }
            if (Files.isDirectory(dotGit, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                StateFiles.deleteTree(dotGit);
            }
            Files.deleteIfExists(dotGit);
            Files.writeString(dotGit, wanted);
        } catch (IOException e) {
            throw new GitException("cannot point " + dotGit + " at " + gitDir + ": " + e.getMessage());
        }
    }

    /** The subjects of the commits {@code target} gained since it and {@code from} parted, newest first. */
    public static List<String> gainedSince(Path repo, String from, String target, int max) throws GitException {
        String base = GitCli.runOrNo(repo, "merge-base", from, target);
        String range = base == null ? target : base.strip() + ".." + target;
        String log = GitCli.run(repo, "log", "--format=%s", "-n", String.valueOf(max), range);
        return log.lines().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> unmerged(Path gitDir, Path tree) throws GitException {
        String names = GitCli.inWorktree(gitDir, tree, "diff", "--name-only", "--diff-filter=U", "-z");
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        return List.of(names.split("\0")).stream().filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** Gives up a merge {@link #mergeInto} left in progress, as if never begun (nobody worked on it yet). */
    public static void abort(Workspace w) throws GitException {
        abort(Worktrees.gitDirOf(w), w.path());
    }

    private static void abort(Path gitDir, Path tree) throws GitException {
        GitCli.inWorktree(gitDir, tree, "merge", "--abort");
    }

    private static PersonIdent identity(Path repoTop) throws GitException {
        try (Repository repo = Worktrees.open(repoTop)) {
            return WorkSaver.identity(repo);
        } catch (IOException e) {
            throw new GitException("cannot open " + repoTop + ": " + e.getMessage());
        }
    }
}
