package dev.bgagents.git;

import dev.bgagents.project.StateLayout;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RmCommand;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Commits whatever an agent left uncommitted in its worktree, so no work lives only in a
 * directory. New, changed and deleted files are committed as git would (ignored files stay
 * out; submodules are recorded as they are, never entered).
 */
public final class WorkSaver {
    private static final Logger LOG = LoggerFactory.getLogger(WorkSaver.class);
    private static final PersonIdent BG_AGENTS = new PersonIdent("bg-agents", "bg-agents@localhost");

    private WorkSaver() {
    }

    /**
     * The new commit's id, or empty when the worktree was clean. The commit goes on the job's
     * branch or nowhere: a worktree whose HEAD the agent moved elsewhere (another branch, a
     * detached commit) keeps its changes where they are, and the refusal says so.
     */
    public static Optional<String> commitLeftovers(Workspace w, String message) throws GitException {
        Path worktree = w.path();
        try (Repository repo = JobTreeRepository.open(w); Git git = new Git(repo)) {
            clearLocksLeftBy(repo, w.branch());
            String head = repo.getFullBranch();
            if (!("refs/heads/" + w.branch()).equals(head)) {
                throw new GitException("the agent moved its worktree off " + w.branch() + " (HEAD is now "
                        + (head == null ? "unreadable" : Repository.shortenRefName(head)) + "): its uncommitted "
                        + "changes stay in " + worktree + ", not committed");
            }
            // a worktree's submodules are not checked out: they must never be staged as changed or deleted
            Status status = git.status().setIgnoreSubmodules(SubmoduleWalk.IgnoreSubmoduleMode.ALL).call();
            Set<String> submodules = submodulePaths(repo);
            Set<String> toAdd = new TreeSet<>(status.getUntracked());
            toAdd.addAll(status.getModified());
            toAdd.removeIf(p -> insideAny(p, submodules) || StateLayout.holds(p));
            Set<String> toRemove = new TreeSet<>(status.getMissing());
            toRemove.removeIf(p -> insideAny(p, submodules) || StateLayout.holds(p));
            if (!toAdd.isEmpty()) {
                AddCommand add = git.add();
                toAdd.forEach(add::addFilepattern);
                add.call();
            }
            if (!toRemove.isEmpty()) {
                RmCommand rm = git.rm().setCached(true);
                toRemove.forEach(rm::addFilepattern);
                rm.call();
            }
            Status staged = git.status().setIgnoreSubmodules(SubmoduleWalk.IgnoreSubmoduleMode.ALL).call();
            if (staged.getAdded().isEmpty() && staged.getChanged().isEmpty() && staged.getRemoved().isEmpty()) {
                return Optional.empty();
            }
            PersonIdent who = identity(repo);
            // hooks are off twice over: not verified here, and never found (NoHooks) for post-commit
            RevCommit c = git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false)
                    .setNoVerify(true).setAllowEmpty(false).call();
            return Optional.of(c.getId().name());
        } catch (IOException | GitAPIException e) {
            throw new GitException("cannot commit the agent's leftovers in " + worktree + ": " + e.getMessage());
        }
    }

    /**
     * Called once the job's every process is stopped: a lock on the worktree's index or branch is
     * then one the agent's own git left when it was killed mid-commit, and would make the save fail.
     * Only the job's own: the branch is the record's, not whatever the worktree's HEAD now names.
     */
    private static void clearLocksLeftBy(Repository repo, String branch) throws IOException {
        List<Path> locks = List.of(repo.getIndexFile().toPath().resolveSibling("index.lock"),
                repo.getDirectory().toPath().resolve("HEAD.lock"),
                RepoLock.commonDirOf(repo).resolve("refs/heads/" + branch + ".lock"));
        for (Path lock : locks) {
            if (Files.deleteIfExists(lock)) {
                LOG.warn("removed {}, left by the agent's git", lock);
            }
        }
    }

    private static Set<String> submodulePaths(Repository repo) throws IOException {
        Set<String> paths = new TreeSet<>();
        DirCache index = repo.readDirCache();
        for (int i = 0; i < index.getEntryCount(); i++) {
            if (index.getEntry(i).getFileMode() == FileMode.GITLINK) {
                paths.add(index.getEntry(i).getPathString());
            }
        }
        return paths;
    }

    private static boolean insideAny(String path, Set<String> dirs) {
        return dirs.stream().anyMatch(d -> path.equals(d) || path.startsWith(d + "/"));
    }

    /** The user's configured identity, else bg-agents: a job must be able to commit on any machine. */
    static PersonIdent identity(Repository repo) {
        String name = repo.getConfig().getString("user", null, "name");
        String email = repo.getConfig().getString("user", null, "email");
        return name != null && email != null ? new PersonIdent(name, email) : BG_AGENTS;
    }
}
