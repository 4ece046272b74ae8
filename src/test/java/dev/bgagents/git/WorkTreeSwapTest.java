package dev.bgagents.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a recovery of a crashed merge takes for a user's edit: a touched file that is neither its
 * old content nor its new one — found by streaming, for a file of tens of megabytes too.
 */
class WorkTreeSwapTest {
    private static final long BIG = 40L << 20;
    /** Far less than the file: a comparison that read it whole (or rendered a blob whole) allocates more than this. */
    private static final long HEAP_CAP = 4L << 20;

    @TempDir
    Path dir;

    /** A sparse file of {@code BIG} zero bytes with {@code tail} written at {@code at}. */
    private static void sparse(Path file, long at, String tail) throws Exception {
        Files.deleteIfExists(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(BIG);
            f.seek(at);
            f.write(tail.getBytes());
        }
    }

    private Repository repo(Path tree, String... config) throws Exception {
        GitRun.in(dir, "init", "-q", "-b", "main", tree.toString());
        for (int i = 0; i < config.length; i += 2) {
            GitRun.in(tree, "config", config[i], config[i + 1]);
        }
        return new FileRepositoryBuilder().setWorkTree(tree.toFile()).setMustExist(true).build();
    }

    private static ObjectId tree(Path tree, String rev) throws Exception {
        return ObjectId.fromString(GitRun.in(tree, "rev-parse", rev + "^{tree}"));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** What {@code swap} finds edited, failing if finding it took heap in proportion to the file. */
    private static List<String> editedWithin(WorkTreeSwap swap, long cap) throws Exception {
        long before = allocatedBytes();
        List<String> edited = swap.editedByUser();
        long used = allocatedBytes() - before;
        assertTrue(used < cap, "comparing took " + (used >> 20) + " MB of heap for a " + (BIG >> 20) + " MB file");
        return edited;
    }

    @Test
    void aLargeFileIsComparedWithItsBlobsWithoutBeingReadWhole() throws Exception {
        Path tree = dir.resolve("big");
        try (Repository repo = repo(tree)) {
            Path file = tree.resolve("data.bin");
            sparse(file, BIG - 4, "old\n");
            GitRun.in(tree, "add", "data.bin");
            GitRun.in(tree, "commit", "-qm", "old");
            sparse(file, BIG - 4, "new\n");
            GitRun.in(tree, "commit", "-qam", "new");
            WorkTreeSwap swap = new WorkTreeSwap(repo, tree(tree, "HEAD~1"), tree(tree, "HEAD"), dir.resolve("scratch"));

            assertEquals(List.of(), editedWithin(swap, HEAP_CAP), "the new content, as the swap left it");
            sparse(file, BIG - 4, "old\n");
            assertEquals(List.of(), editedWithin(swap, HEAP_CAP), "the old content, as before the swap");
            sparse(file, BIG / 2, "user");
            assertEquals(List.of("data.bin"), editedWithin(swap, HEAP_CAP), "the same size, a byte changed");
            Files.writeString(file, "short\n");
            assertEquals(List.of("data.bin"), editedWithin(swap, HEAP_CAP), "another size");
        }
    }

    @Test
    void aFileWhoseLineEndingsAreConvertedIsComparedAsCheckedOut() throws Exception {
        Path tree = dir.resolve("crlf");
        try (Repository repo = repo(tree, "core.autocrlf", "true")) {
            Path file = tree.resolve("notes.txt");
            Files.writeString(file, "one\r\ntwo\r\n");
            GitRun.in(tree, "add", "notes.txt");
            GitRun.in(tree, "commit", "-qm", "old");
            Files.writeString(file, "one\r\ntwo\r\nthree\r\n");
            GitRun.in(tree, "commit", "-qam", "new");
            WorkTreeSwap swap = new WorkTreeSwap(repo, tree(tree, "HEAD~1"), tree(tree, "HEAD"), dir.resolve("scratch"));

            assertEquals(List.of(), swap.editedByUser(), "the new content, checked out with CRLF");
            Files.writeString(file, "one\r\ntwo\r\n");
            assertEquals(List.of(), swap.editedByUser(), "the old content, checked out with CRLF");
            Files.writeString(file, "one\r\ntwo\r\nthree\r\nfour\r\n");
            assertEquals(List.of("notes.txt"), swap.editedByUser(), "longer than either");
            Files.writeString(file, "one\r\ntwo\r\nthre");
            assertEquals(List.of("notes.txt"), swap.editedByUser(), "cut short");
            Files.writeString(file, "one\r\nTWO\r\n");
            assertEquals(List.of("notes.txt"), swap.editedByUser(), "the same size, changed");
        }
    }
}
