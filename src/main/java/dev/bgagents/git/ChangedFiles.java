package dev.bgagents.git;

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
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The files a worktree has changed since its base: committed and not yet committed. */
public final class ChangedFiles {
    private ChangedFiles() {
    }

    public static Set<String> in(Path worktree, String baseCommit) throws GitException {
        Set<String> out = new LinkedHashSet<>();
        try (Repository repo = Worktrees.open(worktree); Git git = new Git(repo); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head != null) {
                RevCommit h = walk.parseCommit(head);
                RevCommit base = walk.parseCommit(ObjectId.fromString(baseCommit));
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(base.getTree());
                    tw.addTree(h.getTree());
                    tw.setRecursive(true);
                    tw.setFilter(TreeFilter.ANY_DIFF);
                    while (tw.next()) {
                        out.add(tw.getPathString());
                    }
                }
            }
            Status s = git.status().call();
            out.addAll(s.getUncommittedChanges());
            out.addAll(s.getUntracked());
            return out;
        } catch (IOException | GitAPIException e) {
            throw new GitException("cannot read changes in " + worktree + ": " + e.getMessage());
        }
    }
}
