package dev.bgagents.git;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import dev.bgagents.project.StateFiles;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Moves a checked-out work tree and its index from one commit's tree to another's, for the paths
 * that differ, so that a crash leaves nothing a later pass cannot finish: every new file is first
 * written in full to a scratch directory inside {@code .git} (outside the work tree, where a
 * crash leaves no stray temp file for the user to see), then the work tree changes by renames
 * only — milliseconds even for thousands of files — then the index is written once.
 * Idempotent: run again after a crash, it brings the same paths to the same content.
 */
final class WorkTreeSwap {
    private record Change(String path, FileMode mode, ObjectId id, FileMode oldMode, ObjectId oldId,
                          EolStreamType eol) {
        boolean deletion() {
            return mode == FileMode.MISSING;
        }
    }

    private final Repository repo;
    private final Path workTree;
    private final Path scratch;
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> kept = new java.util.HashSet<>();
    private boolean filtered;

    WorkTreeSwap(Repository repo, ObjectId fromTree, ObjectId toTree, Path scratch) throws IOException {
        this.repo = repo;
        this.workTree = repo.getWorkTree().toPath();
        this.scratch = scratch;
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.setOperationType(TreeWalk.OperationType.CHECKOUT_OP);
            tw.addTree(fromTree);
            tw.addTree(toTree);
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                filtered |= tw.getFilterCommand(Constants.ATTR_FILTER_TYPE_SMUDGE) != null;
                changes.add(new Change(tw.getPathString(), tw.getFileMode(1), tw.getObjectId(1), tw.getFileMode(0),
                        tw.getObjectId(0), tw.getEolStreamType(TreeWalk.OperationType.CHECKOUT_OP)));
            }
        }
    }

    /**
     * A changed path needs a smudge filter (Git LFS and the like), which only JGit's own checkout
     * runs: then that checkout writes the files, with its temp files in the work tree.
     */
    boolean filtered() {
        return filtered;
    }

    /**
     * Paths the user changed since the swap began (neither the old content nor the new): a
     * recovery leaves those alone rather than overwrite someone's edit.
     */
    List<String> editedByUser() throws IOException {
        List<String> edited = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            for (Change c : changes) {
                Path file = workTree.resolve(c.path());
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // absent is either side's state halfway, or a deletion: both fine to finish
                }
                if (!holds(reader, file, c)) {
                    edited.add(c.path());
                }
            }
        }
        return edited;
    }

    /**
     * Whether {@code file} is the change's old content or its new one: a link by its target, a file
     * streamed ({@link SameContent}) — one of tens of megabytes read whole would not fit the heap.
     */
    private static boolean holds(ObjectReader reader, Path file, Change c) throws IOException {
        if (Files.isSymbolicLink(file)) {
            byte[] target = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
            return c.oldMode != FileMode.MISSING && Arrays.equals(target, render(reader, c.oldId, c.eol))
                    || !c.deletion() && Arrays.equals(target, render(reader, c.id, c.eol));
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        SameContent now = new SameContent(reader, file, c.eol);
        return c.oldMode != FileMode.MISSING && now.as(c.oldId) || !c.deletion() && now.as(c.id);
    }

    /**
     * Leaves these files as they are in the work tree (a user's edits found by a recovery); the
     * index still moves, so they show as the user's uncommitted changes on top of the merge.
     */
    void keep(List<String> paths) {
        kept.addAll(paths);
    }

    /** A swap with nothing left to do (another checkout did the work). */
    WorkTreeSwap nothingLeft() {
        changes.clear();
        return this;
    }

    /** Writes every new file's content to the scratch directory; the work tree is not touched. */
    void stage() throws IOException {
        Files.createDirectories(scratch);
        try (ObjectReader reader = repo.newObjectReader()) {
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                if (c.deletion() || c.mode == FileMode.GITLINK || kept.contains(c.path())) {
                    continue;
                }
                Path target = workTree.resolve(c.path());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !emptyTree(target)) {
                    throw new IOException(c.path() + " is a directory holding files in your working tree, where the "
                            + "merge puts a file: move them away, then merge again");
                }
                Path tmp = scratch.resolve(Integer.toString(i));
                Files.deleteIfExists(tmp);
                if (c.mode == FileMode.SYMLINK) {
                    Files.createSymbolicLink(tmp, Path.of(new String(reader.open(c.id).getBytes(), StandardCharsets.UTF_8)));
                    continue;
                }
                try (OutputStream out = EolStreamTypeUtil.wrapOutputStream(Files.newOutputStream(tmp), c.eol)) {
                    reader.open(c.id).copyTo(out);
                }
                if (c.mode == FileMode.EXECUTABLE_FILE) {
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(tmp));
                    perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                    Files.setPosixFilePermissions(tmp, perms);
                }
            }
        }
    }

    /** Deletions, then every staged file renamed into place, then the index written once. */
    void swap() throws IOException {
        for (Change c : changes) {
            if (c.deletion() && !kept.contains(c.path())) {
                Path file = workTree.resolve(c.path());
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // a submodule's directory: git leaves it too
                }
                Files.deleteIfExists(file);
                removeEmptyParents(file.getParent());
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.deletion() || c.mode == FileMode.GITLINK || kept.contains(c.path())) {
                continue;
            }
            Path tmp = scratch.resolve(Integer.toString(i));
            Path target = workTree.resolve(c.path());
            if (!Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                continue; // moved in by the pass a crash cut short
            }
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                StateFiles.deleteTree(target); // only directories are left in it (checked when staged)
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        writeIndex();
    }

    private void writeIndex() throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            DirCacheEditor editor = index.editor();
            for (Change c : changes) {
                if (c.deletion()) {
                    editor.add(new DirCacheEditor.DeletePath(c.path()));
                    continue;
                }
                Path file = workTree.resolve(c.path());
                editor.add(new DirCacheEditor.PathEdit(c.path()) {
                    @Override
                    public void apply(DirCacheEntry e) {
                        e.setFileMode(c.mode);
                        e.setObjectId(c.id);
                        if (kept.contains(c.path())) {
                            e.setLength(0); // unlike any real stat: git looks at the user's file again
                        } else if (c.mode != FileMode.GITLINK) {
                            try {
                                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
                                        LinkOption.NOFOLLOW_LINKS);
                                e.setLastModified(a.lastModifiedTime().toInstant());
                                e.setLength(a.size());
                            } catch (IOException unreadable) {
                                e.setLength(0); // git will look at the file again
                            }
                        }
                    }
                });
            }
            if (!editor.commit()) {
                throw new IOException("cannot write " + repo.getIndexFile());
            }
        } finally {
            index.unlock();
        }
    }

    private void removeEmptyParents(Path dir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(workTree) && !d.equals(workTree); d = d.getParent()) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException stillUsed) {
                return;
            }
        }
    }

    private static boolean emptyTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        }
    }


    private static byte[] render(ObjectReader reader, ObjectId id, EolStreamType eol) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream wrapped = EolStreamTypeUtil.wrapOutputStream(out, eol)) {
            reader.open(id).copyTo(wrapped);
        }
        return out.toByteArray();
    }
}
