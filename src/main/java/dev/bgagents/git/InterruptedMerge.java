package dev.bgagents.git;

import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A merge a stopped server left halfway, found by its {@link MergeJournal}, is finished rather
 * than undone: the user asked for it, every check passed before the journal was written, and its
 * commit exists. Finishing is the same work as the first pass (staged files renamed in, the
 * index written, the branch moved) and can itself be cut short and run again.
 */
final class InterruptedMerge {
    private InterruptedMerge() {
    }

    /**
     * Finishes a merge a stopped server left halfway, if there is one: the work tree and index
     * brought to the merged content (a file the user changed since is left as the user has it),
     * the branch moved, the job's record told. Returns what it did, for the log and the answer.
     */
    static Optional<String> finish(Path repoTop, Merger.Recorder recorder) throws GitException {
        return RepoLock.with(repoTop, () -> {
            Path common = RepoLock.commonDir(repoTop);
            try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
                Optional<MergeJournal> found = MergeJournal.read(common);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                MergeJournal j = found.get();
                ObjectId now = repo.resolve("refs/heads/" + j.into());
                boolean before = now != null && now.name().equals(j.oldTip());
                boolean after = now != null && now.name().equals(j.newTip());
                if (!before && !after) {
                    Files.move(MergeJournal.file(common), common.resolve("bg-agents-merge." + System.currentTimeMillis()
                            + ".abandoned.json"));
                    MergeJournal.clear(common);
                    return Optional.of("an interrupted merge of " + j.branch() + " into " + j.into() + " was left as "
                            + "it is: " + j.into() + " has moved on since; see " + common);
                }
                String kept = "";
                if (j.workTree() != null) {
                    clearStale(repo.getIndexFile().toPath().resolveSibling("index.lock"));
                    WorkTreeSwap swap = stage(repo, j, common);
                    List<String> edited = swap.editedByUser();
                    swap.keep(edited);
                    swap.swap();
                    if (!edited.isEmpty()) {
                        kept = "; your edits to " + String.join(", ", edited) + " were kept";
                    }
                }
                clearStale(common.resolve("refs/heads/" + j.into() + ".lock"));
                if (before) {
                    moveBranch(repo, walk, j);
                }
                if (j.jobId() != null) {
                    recorder.merged(j.jobId(), j.into(), j.newTip());
                }
                MergeJournal.clear(common);
                return Optional.of("finished the merge of " + j.branch() + " into " + j.into() + " ("
                        + j.newTip().substring(0, 7) + ") that a stopped server left unfinished" + kept);
            } catch (IOException e) {
                throw new GitException("cannot finish the interrupted merge (" + MergeJournal.file(common) + "): "
                        + e.getMessage());
            }
        });
    }

    static WorkTreeSwap stage(Repository repo, MergeJournal j, Path common) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit from = walk.parseCommit(ObjectId.fromString(j.oldTip()));
            RevCommit to = walk.parseCommit(ObjectId.fromString(j.newTip()));
            WorkTreeSwap swap = new WorkTreeSwap(repo, from.getTree(), to.getTree(), MergeJournal.scratch(common));
            if (swap.filtered()) {
                // smudge filters (LFS) run only in JGit's own checkout, which writes in place
                DirCacheCheckout checkout = new DirCacheCheckout(repo, from.getTree(), repo.lockDirCache(), to.getTree());
                checkout.setFailOnConflict(false);
                checkout.checkout();
                return swap.nothingLeft();
            }
            swap.stage();
            return swap;
        }
    }

    static void moveBranch(Repository repo, RevWalk walk, MergeJournal j) throws IOException, GitException {
        RefUpdate ru = repo.updateRef("refs/heads/" + j.into());
        ru.setExpectedOldObjectId(ObjectId.fromString(j.oldTip()));
        ru.setNewObjectId(ObjectId.fromString(j.newTip()));
        ru.setRefLogMessage("bg-agents: merge " + j.branch(), false);
        RefUpdate.Result result = ru.update(walk);
        if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW
                && result != RefUpdate.Result.FORCED) {
            // the journal stays: the next merge call or start finishes it once the branch can move
            throw new GitException("the files of " + j.branch() + " are in your working tree, but " + j.into()
                    + " could not move (" + result + "); merge again to finish");
        }
    }

    /** A lock file a crashed git (or server) left: given two seconds to go by itself, then removed. */
    private static void clearStale(Path lock) throws IOException {
        for (int i = 0; i < 20 && Files.exists(lock); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Files.deleteIfExists(lock);
    }
}
