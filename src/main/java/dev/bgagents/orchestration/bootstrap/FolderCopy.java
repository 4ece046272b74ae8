package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A dependency folder of the checkout made again in a worktree: a copy-on-write clone where the file
 * system makes one (Linux {@code cp --reflink=always} on btrfs or xfs, macOS {@code cp -c} on APFS —
 * found by cloning one file first, never guessed from the file system's name), which costs no data
 * and is the worktree's own to change; else a plain copy, as much the worktree's own, at the price of
 * its size; a link to the checkout's folder only when the project asks for one.
 *
 * <p>Never a link by itself: measured with npm 11.19.1, {@code npm ci} in a worktree whose
 * node_modules links to the checkout's emptied the checkout's node_modules; pip in a linked .venv
 * installs into the person's; composer's autoloader finds the project by the real path of vendor/,
 * so through a link it loads the person's classes.
 */
final class FolderCopy {
    enum How {
        CLONED("cloned (copy-on-write) from the checkout"),
        COPIED("copied from the checkout"),
        LINKED("linked to the checkout's"),
        /** A copy (cloned or plain) of the checkout's, made in the background after the last job's: see {@link Spares}. */
        SPARE("copied ahead from the checkout");

        final String said;

        How(String said) {
            this.said = said;
        }
    }

    /** Done, or why not: what stopped it, in a line. */
    record Made(How how, String failure) {
    }

    private static final boolean MAC = System.getProperty("os.name", "").startsWith("Mac");
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private FolderCopy() {
    }

    /**
     * Makes {@code dest} (in the worktree {@code tree}) of the checkout's folder {@code source}: cloned
     * when cloning {@code probe} (a file beside the source) works, copied otherwise, or {@code link}ed;
     * {@code log} gets what cp said. A folder already at {@code dest} is what an earlier, cut-short
     * bootstrap left, and goes first.
     */
    static Made make(Path source, Path dest, Path tree, Path probe, boolean link, Path log, Duration limit,
                     BooleanSupplier stopped) throws IOException {
        if (!Reuse.inside(nearestExisting(dest.getParent()), tree)) {
            return new Made(null, "its place in the worktree leads out of it through a symlink");
        }
        StateFiles.deleteTree(dest);
        Files.createDirectories(dest.getParent());
        if (link) {
            Files.createSymbolicLink(dest, source.toRealPath());
            return new Made(How.LINKED, null);
        }
        boolean clone = clones(probe, dest.getParent());
        List<String> argv = cp(clone, source, dest);
        String failure = Commands.run(new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())), limit, stopped);
        if (failure != null) {
            StateFiles.deleteTree(dest);
            return new Made(null, failure);
        }
        return new Made(clone ? How.CLONED : How.COPIED, null);
    }

    /** Whether this system clones {@code file} into {@code dir} copy-on-write: tried, on one file. */
    static boolean clones(Path file, Path dir) {
        if (!(MAC || LINUX) || file == null || !Files.isRegularFile(file)) {
            return false;
        }
        Path trial = dir.resolve(".bg-agents-clone-probe-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        try {
            List<String> argv = MAC ? List.of("cp", "-c", file.toString(), trial.toString())
                    : List.of("cp", "--reflink=always", file.toString(), trial.toString());
            return Commands.run(new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD), Duration.ofSeconds(30), () -> false) == null;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(trial);
            } catch (IOException ignored) {
                // a stray probe file in the worktree's folder, ignored by nobody: harmless
            }
        }
    }

    /** cp of a whole folder, symlinks kept as symlinks (never followed), modes and times kept. */
    private static List<String> cp(boolean clone, Path source, Path dest) {
        List<String> argv = new ArrayList<>(List.of("cp", "-a"));
        if (clone) {
            argv.add(MAC ? "-c" : "--reflink=always");
        }
        argv.addAll(List.of(source.toString(), dest.toString()));
        return argv;
    }

    /** The closest of {@code p} and its parents that exists (a symlink counts as existing). */
    static Path nearestExisting(Path p) {
        Path at = p;
        while (at != null && !Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            at = at.getParent();
        }
        return at;
    }
}
