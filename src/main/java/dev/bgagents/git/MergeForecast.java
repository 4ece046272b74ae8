package dev.bgagents.git;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several branches merged one after another into a target, in memory only: what each would do
 * to the target as the earlier ones left it — so a dry run of a plan sees two tasks that touch
 * the same lines conflict, as the real merges would. No ref, index or file changes; the trees
 * and commits it computes are loose objects nothing points at (git's gc prunes them).
 */
public final class MergeForecast implements AutoCloseable {
    /**
     * @param conflicts empty when it would merge cleanly
     * @param files     what it would change in the target
     */
    public record Step(List<String> files, List<String> conflicts) {
    }

    private static final PersonIdent WHO = new PersonIdent("bg-agents forecast", "forecast@bg-agents.invalid");
    private final Repository repo;
    private final RevWalk walk;
    /** Each target's tip as the forecast left it. */
    private final Map<String, RevCommit> tips = new HashMap<>();

    public MergeForecast(Path repoTop) throws GitException {
        try {
            this.repo = Worktrees.open(repoTop);
        } catch (IOException e) {
            throw new GitException("cannot open " + repoTop + ": " + e.getMessage());
        }
        this.walk = new RevWalk(repo);
    }

    /** {@code branch} merged into {@code into} after the branches forecast before it; a conflict leaves the target as it was. */
    public Step next(String branch, String into) throws GitException {
        try {
            RevCommit target = tips.get(into);
            if (target == null) {
                ObjectId id = repo.resolve("refs/heads/" + into);
                if (id == null) {
                    throw new GitException("target branch " + into + " does not exist");
                }
                target = walk.parseCommit(id);
            }
            ObjectId b = repo.resolve("refs/heads/" + branch);
            if (b == null) {
                throw new GitException("branch " + branch + " does not exist");
            }
            RevCommit source = walk.parseCommit(b);
            if (walk.isMergedInto(source, target)) {
                return new Step(List.of(), List.of());
            }
            if (walk.isMergedInto(target, source)) {
                tips.put(into, source);
                return new Step(changed(target, source.getTree()), List.of());
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            if (!merger.merge(target, source)) {
                Set<String> conflicts = new TreeSet<>(merger.getUnmergedPaths());
                if (merger.getFailingPaths() != null) {
                    conflicts.addAll(merger.getFailingPaths().keySet());
                }
                return new Step(List.of(), List.copyOf(conflicts));
            }
            ObjectId tree = merger.getResultTreeId();
            List<String> files = changed(target, tree);
            tips.put(into, walk.parseCommit(commit(tree, target, source)));
            return new Step(files, List.of());
        } catch (IOException e) {
            throw new GitException("forecast of " + branch + " into " + into + " failed: " + e.getMessage());
        }
    }

    private ObjectId commit(ObjectId tree, RevCommit... parents) throws IOException {
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        c.setParentIds(parents);
        c.setAuthor(WHO);
        c.setCommitter(WHO);
        c.setMessage("forecast");
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = ins.insert(c);
            ins.flush();
            return id;
        }
    }

    private List<String> changed(RevCommit from, ObjectId toTree) throws IOException {
        List<String> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.setRecursive(true);
            tw.addTree(from.getTree());
            tw.addTree(toTree);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                out.add(tw.getPathString());
            }
        }
        return out;
    }

    @Override
    public void close() {
        walk.close();
        repo.close();
    }
}
