package dev.bgagents.git;

import dev.bgagents.text.Printable;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings a job's branch into a target branch without ever half-applying: the merge is computed
 * in memory first; a conflict, or uncommitted user changes in files the merge would touch,
 * refuses it with nothing changed. A target that is not checked out is updated in the object
 * database alone; a checked-out one gets exactly the changed files, staged outside the work
 * tree and renamed in ({@link WorkTreeSwap}). A {@link MergeJournal} written before the first
 * change lets the next start or merge finish one a crash cut short ({@link #recover}).
 */
public final class Merger {

    public enum Strategy { MERGE, SQUASH }


    /**
     * Paths are as people are shown them ({@link Printable#name}: a name with a newline in it stays on
     * one line, quoted): they are the agent's choice, and they go into the host's answers.
     *
     * @param merged       the target now holds the branch's work (false on refusal and on dry runs)
     * @param commit       the target's new tip (merge, squash or fast-forward commit)
     * @param fastForward  the target simply moved to the branch's tip
     * @param conflicts    files that conflict (a refusal)
     * @param refusal      why nothing was done, with the next step; null when merged or a clean dry run
     * @param leftOut      paths under the state directory the branch changed, which the merge did not take
     */
    public record Outcome(boolean merged, boolean dryRun, String commit, boolean fastForward,
                          List<String> filesChanged, List<String> conflicts, String refusal, List<String> leftOut) {
        public Outcome {
            filesChanged = shown(filesChanged);
            conflicts = shown(conflicts);
            leftOut = leftOut == null ? List.of() : shown(leftOut);
        }

        Outcome(boolean merged, boolean dryRun, String commit, boolean fastForward, List<String> filesChanged,
                List<String> conflicts, String refusal) {
            this(merged, dryRun, commit, fastForward, filesChanged, conflicts, refusal, List.of());
        }
    }

    private Merger() {
    }

    /** Told, under the repository's lock, that a job's work is in {@code into} now: the job's record says so. */
    public interface Recorder {
        /** For merges that are not a job's (dependencies brought together on a new job's branch). */
        Recorder NONE = (jobId, into, commit) -> { };

        void merged(String jobId, String into, String commit);
    }

    /**
     * Merges {@code branch} into {@code into}. The merge commit is made first; then a journal is
     * written; then the work tree (when {@code into} is checked out) and the branch move; then
     * {@code recorder} records it; only then does the journal go. A crash anywhere leaves the
     * journal, and {@link #recover} finishes the merge.
     *
     * @param mustBeAt the whole commit id {@code branch} must be at (the one a review approved), or null: any.
     *                 Checked on the very id merged, so a branch moved after the caller looked is refused.
     */
    public static Outcome merge(Path repoTop, String jobId, String branch, String mustBeAt, String into,
                                Strategy strategy, boolean dryRun, String message, Recorder recorder)
            throws GitException {
        return RepoLock.with(repoTop, () -> {
            recover(repoTop, recorder);
            return mergeLocked(repoTop, jobId, branch, mustBeAt, into, strategy, dryRun, message, recorder);
        });
    }

    private static Outcome mergeLocked(Path repoTop, String jobId, String branch, String mustBeAt, String into,
                                       Strategy strategy, boolean dryRun, String message, Recorder recorder)
            throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            ObjectId intoId = repo.resolve("refs/heads/" + into);
            ObjectId branchId = repo.resolve("refs/heads/" + branch);
            if (intoId == null) {
                throw new GitException("target branch " + into + " does not exist: pass an existing branch as into");
            }
            if (branchId == null) {
                throw new GitException("branch " + branch + " does not exist (deleted by hand?)");
            }
            if (mustBeAt != null && !branchId.name().equals(mustBeAt)) {
                return new Outcome(false, dryRun, null, false, List.of(), List.of(), branch + " is at "
                        + branchId.name() + ", not at " + mustBeAt + ", the commit reviewed: review it as it is, "
                        + "then merge");
            }
            RevCommit target = walk.parseCommit(intoId);
            RevCommit source = walk.parseCommit(branchId);
            if (walk.isMergedInto(source, target)) {
                if (!dryRun && jobId != null) {
                    recorder.merged(jobId, into, target.name()); // in by history already: recorded all the same
                }
                return new Outcome(!dryRun, dryRun, target.name(), false, List.of(), List.of(), null);
            }
            boolean canFastForward = strategy == Strategy.MERGE && walk.isMergedInto(target, source);
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            if (!merger.merge(target, source)) {
                Set<String> conflicts = new TreeSet<>(merger.getUnmergedPaths());
                if (merger.getFailingPaths() != null) {
                    conflicts.addAll(merger.getFailingPaths().keySet());
                }
                return new Outcome(false, dryRun, null, false, List.of(), List.copyOf(conflicts),
                        "merging " + branch + " into " + into + " conflicts in " + String.join(", ", shown(conflicts))
                                + ": resume the job asking it to rebase onto " + into
                                + ", or hand the conflict to another agent");
            }
            ObjectId tree = merger.getResultTreeId();
            List<String> leftOut = StateTree.changedUnder(repo, target.getTree(), tree);
            if (!leftOut.isEmpty()) {
                // the server's own state is never taken from a branch: the target keeps its own
                tree = StateTree.withStateOf(repo, tree, target.getTree());
                canFastForward = false;
            }
            List<String> changed = changedPaths(repo, target, tree);
            if (dryRun) {
                return new Outcome(false, true, null, canFastForward, changed, List.of(), null, leftOut);
            }
            Map<String, Path> checkedOut = Worktrees.checkedOut(repoTop);
            Path where = checkedOut.get(into);
            Path mainTree = repo.getWorkTree().toPath().toRealPath();
            if (where != null && !where.toRealPath().equals(mainTree)) {
                return new Outcome(false, false, null, false, changed, List.of(), into + " is checked out in the "
                        + "worktree " + where + ": merge there, or pass another branch as into");
            }
            if (where != null) {
                List<String> dirty = MergeObstacles.dirtyAmong(repo, changed);
                if (!dirty.isEmpty()) {
                    return new Outcome(false, false, null, false, changed, List.of(), "your working tree has "
                            + "uncommitted changes in " + String.join(", ", shown(dirty)) + ", which the merge would "
                            + "touch: commit or stash them, then merge again");
                }
            }
            String busy = MergeObstacles.lockHeld(repo, into, where != null);
            if (busy != null) {
                return new Outcome(false, false, null, false, changed, List.of(), busy + " exists: a git command is "
                        + "working in this repository; merge again when it is done (delete the file if no git runs)");
            }
            ObjectId newTip = canFastForward ? source.getId()
                    : commit(repo, tree, strategy == Strategy.MERGE ? List.of(target, source) : List.of(target), message);
            Path common = RepoLock.commonDir(repoTop);
            MergeJournal journal = new MergeJournal(jobId, branch, into, target.name(), newTip.name(),
                    where != null ? mainTree.toString() : null, Instant.now());
            journal.write(common);
            if (where != null) {
                try {
                    InterruptedMerge.stage(repo, journal, common).swap();
                } catch (IOException e) {
                    // staging failed before the work tree was touched: nothing to finish
                    MergeJournal.clear(common);
                    return new Outcome(false, false, null, false, changed, List.of(), e.getMessage());
                }
            }
            InterruptedMerge.moveBranch(repo, walk, journal);
            if (jobId != null) {
                recorder.merged(jobId, into, newTip.name());
            }
            MergeJournal.clear(common);
            return new Outcome(true, false, newTip.name(), canFastForward, changed, List.of(), null, leftOut);
        } catch (IOException e) {
            throw new GitException("merge of " + branch + " into " + into + " failed: " + e.getMessage());
        }
    }

    /**
     * Finishes a merge a stopped server left halfway, if there is one ({@link InterruptedMerge}):
     * what it did, for the log and the answer.
     */
    public static Optional<String> recover(Path repoTop, Recorder recorder) throws GitException {
        return InterruptedMerge.finish(repoTop, recorder);
    }

    /** Whether everything on {@code branch} is already in {@code into} (by history or, after a squash, by content). */
    public static boolean isMerged(Path repoTop, String branch, String into) throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            ObjectId intoId = repo.resolve("refs/heads/" + into);
            ObjectId branchId = repo.resolve("refs/heads/" + branch);
            if (intoId == null || branchId == null) {
                return branchId == null;
            }
            RevCommit target = walk.parseCommit(intoId);
            RevCommit source = walk.parseCommit(branchId);
            if (walk.isMergedInto(source, target)) {
                return true;
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            return merger.merge(target, source) && StateTree.withStateOf(repo, merger.getResultTreeId(),
                    target.getTree()).equals(target.getTree().getId());
        } catch (IOException e) {
            throw new GitException("cannot compare " + branch + " with " + into + ": " + e.getMessage());
        }
    }

    private static ObjectId commit(Repository repo, ObjectId tree, List<RevCommit> parents, String message)
            throws IOException {
        PersonIdent who = WorkSaver.identity(repo);
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        cb.setParentIds(parents.stream().map(RevCommit::getId).toArray(ObjectId[]::new));
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message);
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id;
        }
    }

    private static List<String> changedPaths(Repository repo, RevCommit from, ObjectId toTree) throws IOException {
        List<String> out = new ArrayList<>();
        try (org.eclipse.jgit.treewalk.TreeWalk tw = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
            tw.addTree(from.getTree());
            tw.addTree(toTree);
            tw.setRecursive(true);
            tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            while (tw.next()) {
                out.add(tw.getPathString());
            }
        }
        return out;
    }

    private static List<String> shown(java.util.Collection<String> paths) {
        return paths.stream().map(Printable::name).toList();
    }
}
