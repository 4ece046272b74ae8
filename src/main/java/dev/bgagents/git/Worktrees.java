package dev.bgagents.git;

import dev.bgagents.project.ProjectDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.project.StateLayout;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linked worktrees, one per job, on their own branch, where the caller says (outside the checkout:
 * {@link dev.bgagents.project.WorktreeHome}).
 * JGit cannot create or remove linked worktrees, so the git CLI does that.
 */
public final class Worktrees {
    private Worktrees() {
    }

    /**
     * The worktree of a job that starts from {@code base} (null: the current HEAD): the base is
     * checked and the job's branch made on it now, so its starting point is fixed; the directory
     * is checked out when the job starts ({@link #checkOut}).
     */
    public static Workspace reserve(Path repoTop, Path path, String jobId, String branch, String base,
                                    List<String> files) throws GitException {
        String b = branch != null ? branch : "bg/" + jobId;
        String baseRef;
        String baseCommit;
        try (Repository repo = open(repoTop)) {
            String spec = base != null ? base : "HEAD";
            ObjectId id;
            try {
                id = repo.resolve(spec + "^{commit}");
            } catch (RevisionSyntaxException | AmbiguousObjectException e) {
                id = null;
            }
            if (id == null) {
                throw new GitException(base == null ? "the repository has no commits yet: commit something first"
                        : "unknown base \"" + base + "\": name a branch, tag or commit");
            }
            if (nameTaken(repoTop, b)) {
                throw new GitException("branch " + b + " already exists: pick another branch name");
            }
            baseCommit = id.name();
            if (base == null) {
                String full = repo.getFullBranch();
                baseRef = full != null && full.startsWith("refs/heads/") ? Repository.shortenRefName(full) : null;
            } else {
                baseRef = repo.exactRef("refs/heads/" + base) != null ? base : null;
            }
        } catch (IOException e) {
            throw new GitException("cannot read the repository at " + repoTop + ": " + e.getMessage());
        }
        GitCli.run(repoTop, "branch", "--no-track", b, baseCommit);
        return Workspace.planned(repoTop, path, b, baseRef, files);
    }

    /**
     * The worktree of a job that waits for others: where it will be and on which branch; the
     * branch is made when the job starts, from its dependencies' work.
     */
    public static Workspace planned(Path repoTop, Path path, String branch, List<String> files) {
        return Workspace.planned(repoTop, path, branch, currentBranch(repoTop), files);
    }

    /** Creates a branch at {@code startPoint} without checking it out anywhere; returns its commit. */
    public static String branch(Path repoTop, String branch, String startPoint) throws GitException {
        if (nameTaken(repoTop, branch)) {
            throw new GitException("branch " + branch + " already exists: pick another branch name");
        }
        GitCli.run(repoTop, "branch", "--no-track", branch, startPoint);
        return GitCli.run(repoTop, "rev-parse", "refs/heads/" + branch).strip();
    }

    /**
     * Checks the workspace's existing branch out in its directory; the workspace at the branch's
     * tip. Called only while the record says the worktree is not checked out, so nothing ever ran
     * in a directory found there: it is what a server that died mid-checkout left (complete, or
     * cut short with files missing), and is made again from scratch rather than trusted.
     */
    public static Workspace checkOut(Workspace w) throws GitException {
        Path path = w.path();
        try {
            ProjectDir.excludeState(w.repo());
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new GitException("cannot create " + path.getParent() + ": " + e.getMessage());
        }
        return RepoLock.with(w.repo(), () -> {
            if (Files.exists(path)) {
                removeLeftOver(w.repo(), path);
            }
            GitCli.run(w.repo(), "worktree", "add", "-q", path.toString(), w.branch());
            return w.at(GitCli.run(w.repo(), "rev-parse", "refs/heads/" + w.branch()).strip());
        });
    }

    static void removeLeftOver(Path repoTop, Path path) throws GitException {
        boolean registered = checkedOut(repoTop).values().stream().anyMatch(p -> {
            try {
                return Files.isSameFile(p, path);
            } catch (IOException e) {
                return false;
            }
        });
        if (registered) {
            GitCli.run(repoTop, "worktree", "remove", "--force", "--force", path.toString());
        } else {
            try {
                StateFiles.deleteTree(path);
            } catch (IOException e) {
                throw new GitException("cannot remove the half-made worktree " + path + ": " + e.getMessage());
            }
        }
        prune(repoTop);
    }

    /** Removes a worktree directory (its branch stays). */
    public static void remove(Workspace w, boolean force) throws GitException {
        if (Files.exists(w.path())) {
            if (force) {
                GitCli.run(w.repo(), "worktree", "remove", "--force", w.path().toString());
            } else {
                GitCli.run(w.repo(), "worktree", "remove", w.path().toString());
            }
        }
        prune(w.repo());
    }

    /** Forgets worktrees whose directories were deleted by hand. */
    public static void prune(Path repoTop) throws GitException {
        GitCli.run(repoTop, "worktree", "prune");
    }

    /** Branch → the work tree it is checked out in, for every work tree of the repository. */
    public static Map<String, Path> checkedOut(Path repoTop) throws GitException {
        Map<String, Path> out = new LinkedHashMap<>();
        Path current = null;
        for (String line : GitCli.run(repoTop, "worktree", "list", "--porcelain").split("\n")) {
            if (line.startsWith("worktree ")) {
                current = Path.of(line.substring("worktree ".length()));
            } else if (line.startsWith("branch refs/heads/") && current != null) {
                out.put(line.substring("branch refs/heads/".length()), current);
            }
        }
        return out;
    }

    /**
     * Branches {@code bg/<id>} whose last change is older than {@code age}, by job id: the ones a
     * spawn reserved before a crash stopped it from recording its job are among them.
     */
    public static Map<String, String> jobBranches(Path repoTop, java.time.Duration age) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Repository repo = open(repoTop)) {
            java.time.Instant before = java.time.Instant.now().minus(age);
            for (var ref : repo.getRefDatabase().getRefsByPrefix("refs/heads/bg/")) {
                String branch = Repository.shortenRefName(ref.getName());
                Path log = repo.getCommonDirectory().toPath().resolve("logs").resolve(ref.getName());
                if (Files.exists(log) && Files.getLastModifiedTime(log).toInstant().isBefore(before)) {
                    out.put(branch.substring("bg/".length()), branch);
                }
            }
        } catch (IOException e) {
            // not a repository, or unreadable: nothing to look at
        }
        return out;
    }

    /**
     * Whether a new branch of this name would collide with one there is. Where git found the file
     * system case-insensitive ({@code core.ignorecase}, as on macOS), refs are files, so
     * {@code impl/Auth/01-x} and {@code impl/auth/01-x} are one branch: compared without case.
     */
    public static boolean nameTaken(Path repoTop, String branch) {
        try (Repository repo = open(repoTop)) {
            if (repo.exactRef("refs/heads/" + branch) != null) {
                return true;
            }
            if (!repo.getConfig().getBoolean("core", "ignorecase", false)) {
                return false;
            }
            String wanted = ("refs/heads/" + branch).toLowerCase(java.util.Locale.ROOT);
            return repo.getRefDatabase().getRefsByPrefix("refs/heads/").stream()
                    .map(r -> r.getName().toLowerCase(java.util.Locale.ROOT))
                    // a branch "a" blocks "A/b" too: its file is where the directory would be, and the other way round
                    .anyMatch(have -> have.equals(wanted) || wanted.startsWith(have + "/") || have.startsWith(wanted + "/"));
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean branchExists(Path repoTop, String branch) {
        try (Repository repo = open(repoTop)) {
            return repo.exactRef("refs/heads/" + branch) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The branch checked out in the main work tree, or null when HEAD is detached. */
    public static String currentBranch(Path repoTop) {
        try (Repository repo = open(repoTop)) {
            String full = repo.getFullBranch();
            return full != null && full.startsWith("refs/heads/") ? Repository.shortenRefName(full) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the repository has a commit to start a worktree from. */
    public static boolean hasCommits(Path repoTop) {
        try (Repository repo = open(repoTop)) {
            return repo.resolve("HEAD^{commit}") != null;
        } catch (IOException e) {
            return false;
        }
    }

    static Repository open(Path dir) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().setFS(NoHooks.FS).findGitDir(dir.toFile());
        if (b.getGitDir() == null) {
            throw new IOException(dir + " is not in a git repository");
        }
        return b.build();
    }

    /**
     * The git directory of a job's worktree as the main repository records it: what a process the
     * server starts there on another's behalf (a reviewer) gets as {@code GIT_DIR}, so no git it runs
     * reads the worktree's {@code .git} file.
     */
    public static Path gitDirOf(Workspace w) throws GitException {
        try (Repository repo = JobTreeRepository.open(w)) {
            return repo.getDirectory().toPath();
        } catch (IOException e) {
            throw new GitException("cannot find the git directory of " + w.path() + ": " + e.getMessage());
        }
    }
}
