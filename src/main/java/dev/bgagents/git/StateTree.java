package dev.bgagents.git;

import dev.bgagents.project.StateLayout;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The state directory ({@code .context/}) as a merge sees it: a branch is the agent's, and a job
 * record, review or plan file it committed there would land in the server's live state, where the
 * server would believe it. A merge takes everything of a branch but that.
 */
final class StateTree {
    private StateTree() {
    }

    /** Paths under the state directory that differ between two trees. */
    static List<String> changedUnder(Repository repo, ObjectId fromTree, ObjectId toTree) throws IOException {
        List<String> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(fromTree);
            tw.addTree(toTree);
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                if (StateLayout.holds(tw.getPathString())) {
                    out.add(tw.getPathString());
                }
            }
        }
        return out;
    }

    /** {@code tree} with whatever it holds under the state directory replaced by what {@code stateFrom} holds there. */
    static ObjectId withStateOf(Repository repo, ObjectId tree, ObjectId stateFrom) throws IOException {
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        add(repo, tree, b, false);
        add(repo, stateFrom, b, true);
        b.finish();
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = dc.writeTree(ins);
            ins.flush();
            return id;
        }
    }

    private static void add(Repository repo, ObjectId tree, DirCacheBuilder b, boolean state) throws IOException {
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(tree);
            tw.setRecursive(true);
            while (tw.next()) {
                if (StateLayout.holds(tw.getPathString()) == state) {
                    DirCacheEntry e = new DirCacheEntry(tw.getPathString());
                    e.setFileMode(tw.getFileMode(0));
                    e.setObjectId(tw.getObjectId(0));
                    b.add(e);
                }
            }
        }
    }
}
