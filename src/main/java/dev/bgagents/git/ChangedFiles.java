package dev.bgagents.git;

import dev.bgagents.text.Printable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files a worktree has changed since its base: committed and not yet committed, named as
 * {@link BranchReport}'s diffstat names them ({@link Printable#name}), so the two compare.
 */
public final class ChangedFiles {
    private ChangedFiles() {
    }

    /**
     * Opened from the main repository's record of the worktree ({@link JobTreeRepository#open}). The
     * committed part is read from the job's branch; when the agent moved HEAD elsewhere, what lies
     * between the base and that HEAD counts too.
     */
    public static Set<String> in(Workspace w) throws GitException {
        Set<String> out = new LinkedHashSet<>();
        try (Repository repo = JobTreeRepository.open(w); Git git = new Git(repo); RevWalk walk = new RevWalk(repo)) {
            RevCommit base = walk.parseCommit(ObjectId.fromString(w.baseCommit()));
            for (String tip : new LinkedHashSet<>(java.util.Arrays.asList("refs/heads/" + w.branch(), "HEAD"))) {
                ObjectId id = repo.resolve(tip);
                if (id == null) {
                    continue;
                }
                RevCommit h = walk.parseCommit(id);
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(base.getTree());
                    tw.addTree(h.getTree());
                    tw.setRecursive(true);
                    tw.setFilter(TreeFilter.ANY_DIFF);
                    while (tw.next()) {
                        out.add(Printable.name(tw.getPathString()));
                    }
                }
            }
            Status s = git.status().call();
            s.getUncommittedChanges().forEach(p -> out.add(Printable.name(p)));
            s.getUntracked().forEach(p -> out.add(Printable.name(p)));
            return out;
        } catch (IOException | GitAPIException e) {
            throw new GitException("cannot read changes in " + w.path() + ": " + e.getMessage());
        }
    }
}
