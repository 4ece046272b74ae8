package dev.bgagents.git;

import dev.bgagents.text.Printable;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job's branch holds beyond its base: the commits made and a diffstat. File names and
 * subjects are the agent's choice and are shown, from here on, as {@link Printable} makes them:
 * a name with a newline or an escape sequence in it stays one quoted name on one line.
 *
 * @param tip     the branch's commit, its whole id: what was read
 * @param commits newest first, "abc1234 subject"
 * @param files   one line each: "path +added -removed" (renames "old → new"); a binary file, or one
 *                over {@link #MAX_DIFFED_BLOB_BYTES}, counts +0 -0
 */
public record BranchReport(String tip, List<String> commits, List<String> files, int added, int removed) {
    static final int MAX_COMMITS = 20;
    /**
     * The largest file whose content a diff loads: an agent can commit files of any size, and the
     * server's heap is capped (bin/bg-agents: 256 MB) and shared by every job and call.
     */
    static final int MAX_DIFFED_BLOB_BYTES = 8 * 1024 * 1024;

    public static BranchReport of(Path repoTop, String baseCommit, String branch) throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(tipOf(repo, branch));
            RevCommit base = walk.parseCommit(ObjectId.fromString(baseCommit));
            List<String> commits = new ArrayList<>();
            walk.markStart(head);
            walk.markUninteresting(base);
            for (RevCommit c : walk) {
                if (commits.size() == MAX_COMMITS) {
                    commits.add("…");
                    break;
                }
                commits.add(c.abbreviate(7).name() + " " + Printable.line(c.getShortMessage()));
            }
            return diff(repo, base, head, commits);
        } catch (IOException e) {
            throw new GitException("cannot read branch " + branch + ": " + e.getMessage());
        }
    }

    static BranchReport diff(Repository repo, RevCommit from, RevCommit to, List<String> commits) throws IOException {
        List<String> files = new ArrayList<>();
        int added = 0;
        int removed = 0;
        try (DiffFormatter f = formatter(repo, DisabledOutputStream.INSTANCE); ObjectReader reader = repo.newObjectReader()) {
            for (DiffEntry e : f.scan(from.getTree(), to.getTree())) {
                int a = 0;
                int r = 0;
                // a blob too large to diff counts no lines, as a binary one does
                List<Edit> edits = largerBlobSize(reader, e) > MAX_DIFFED_BLOB_BYTES ? List.of()
                        : f.toFileHeader(e).toEditList();
                for (Edit edit : edits) {
                    a += edit.getLengthB();
                    r += edit.getLengthA();
                }
                added += a;
                removed += r;
                String name = switch (e.getChangeType()) {
                    case DELETE -> Printable.name(e.getOldPath());
                    case RENAME -> Printable.name(e.getOldPath()) + " → " + Printable.name(e.getNewPath());
                    default -> Printable.name(e.getNewPath());
                };
                files.add(name + " +" + a + " -" + r);
            }
        }
        return new BranchReport(to.name(), commits, files, added, removed);
    }

    private static ObjectId tipOf(Repository repo, String branch) throws IOException, GitException {
        ObjectId tip = repo.resolve("refs/heads/" + branch);
        if (tip == null) {
            throw new GitException("branch " + branch + " does not exist");
        }
        return tip;
    }

    /** The commit {@code branch} is at now, its whole id (never an abbreviation: those can be forged). */
    public static String tip(Path repoTop, String branch) throws GitException {
        try (Repository repo = Worktrees.open(repoTop)) {
            return tipOf(repo, branch).name();
        } catch (IOException e) {
            throw new GitException("cannot read branch " + branch + ": " + e.getMessage());
        }
    }

    /**
     * A diff formatter for this repository that never loads a blob over {@link #MAX_DIFFED_BLOB_BYTES}
     * for renames or as text; callers skip larger entries before asking it for their content
     * ({@link #largerBlobSize}), since opening a loose object inflates it whole.
     */
    static DiffFormatter formatter(Repository repo, OutputStream out) {
        DiffFormatter f = new DiffFormatter(out);
        f.setRepository(repo);
        f.setDetectRenames(true);
        f.getRenameDetector().setBigFileThreshold(MAX_DIFFED_BLOB_BYTES);
        f.setBinaryFileThreshold(MAX_DIFFED_BLOB_BYTES);
        return f;
    }

    /** The size in bytes of the larger of {@code e}'s two blobs (0 for a side with none). */
    static long largerBlobSize(ObjectReader reader, DiffEntry e) throws IOException {
        return Math.max(blobSize(reader, e.getOldMode(), e.getOldId()), blobSize(reader, e.getNewMode(), e.getNewId()));
    }

    /** Read from the object's header: the content itself is not loaded. */
    private static long blobSize(ObjectReader reader, FileMode mode, AbbreviatedObjectId id) throws IOException {
        if (mode.getObjectType() != Constants.OBJ_BLOB || !id.isComplete()) {
            return 0;
        }
        return reader.getObjectSize(id.toObjectId(), Constants.OBJ_BLOB);
    }
}
