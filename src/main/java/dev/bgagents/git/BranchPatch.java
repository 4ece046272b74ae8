package dev.bgagents.git;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A branch's changes against its base as a unified diff, as much of it as fits a cap.
 *
 * @param text     whole lines of the diff; a file over {@link BranchReport#MAX_DIFFED_BLOB_BYTES}
 *                 is one line giving its size instead of its content
 * @param clipped  whether the diff went on past the cap
 * @param tooLarge how many files of the text are shown by their size alone
 */
public record BranchPatch(String text, boolean clipped, int tooLarge) {

    /** Whether the text is the whole diff: nothing cut off, no file left out. */
    public boolean whole() {
        return !clipped && tooLarge == 0;
    }

    /**
     * Formats file by file into a buffer that stops the formatter at {@code maxBytes}: memory
     * stays bounded by the cap and the largest file diffed, whatever the branch holds.
     */
    public static BranchPatch of(Path repoTop, String baseCommit, String branch, int maxBytes) throws GitException {
        return at(repoTop, baseCommit, BranchReport.tip(repoTop, branch), maxBytes);
    }

    /** The same, of the changes from {@code baseCommit} to the commit {@code tipId} (a whole id). */
    public static BranchPatch at(Path repoTop, String baseCommit, String tipId, int maxBytes) throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            ObjectId tip = ObjectId.fromString(tipId);
            CappedBuffer out = new CappedBuffer(maxBytes);
            int tooLarge = 0;
            try (DiffFormatter f = BranchReport.formatter(repo, out); ObjectReader reader = repo.newObjectReader()) {
                for (DiffEntry e : f.scan(walk.parseCommit(ObjectId.fromString(baseCommit)).getTree(),
                        walk.parseCommit(tip).getTree())) {
                    long size = BranchReport.largerBlobSize(reader, e);
                    if (size > BranchReport.MAX_DIFFED_BLOB_BYTES) {
                        tooLarge++;
                        out.write(sizeOnly(e, size).getBytes(StandardCharsets.UTF_8));
                    } else {
                        f.format(e);
                    }
                }
                f.flush();
            } catch (CappedBuffer.Full enough) {
                return new BranchPatch(out.upToLastLineEnd(), true, tooLarge);
            }
            return new BranchPatch(out.all(), false, tooLarge);
        } catch (IOException e) {
            throw new GitException("cannot diff " + tipId + ": " + e.getMessage());
        }
    }

    /** git's first header line for the file (an added or deleted file's path on both sides), then its size. */
    private static String sizeOnly(DiffEntry e, long size) {
        String a = e.getChangeType() == DiffEntry.ChangeType.ADD ? e.getNewPath() : e.getOldPath();
        String b = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
        return "diff --git a/" + a + " b/" + b + "\n(" + size + " bytes: too large to show here)\n";
    }

    /** Bytes up to a cap; the write that would pass it throws {@link Full}, which ends the formatting. */
    private static final class CappedBuffer extends OutputStream {
        /** Not a failure: the signal that the diff has all the room it gets. */
        private static final class Full extends IOException {
            Full() {
                super("the diff reached its cap");
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this; // thrown once per diff and always caught: no trace to take
            }
        }

        private final byte[] bytes;
        private int size;

        CappedBuffer(int cap) {
            bytes = new byte[cap];
        }

        @Override
        public void write(int b) throws IOException {
            if (size == bytes.length) {
                throw new Full();
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int room = Math.min(len, bytes.length - size);
            System.arraycopy(b, off, bytes, size, room);
            size += room;
            if (room < len) {
                throw new Full();
            }
        }

        String all() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }

        /** A clipped diff ends on a whole line, so never inside a character either. */
        String upToLastLineEnd() {
            int end = size;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }
}
