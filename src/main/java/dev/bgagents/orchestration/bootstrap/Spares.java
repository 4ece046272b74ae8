package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Dependency folders made ahead of the next worktree: after a worktree gets its copy of the checkout's
 * folder, one more is made in the background beside the worktrees ({@code .bg-agents-spares/}) — begun
 * a moment later, so that its disk traffic does not slow the job that just started — and the next job
 * whose lockfile and folder are as they were takes it with one rename: copying 11,000 files took 0.6 s
 * cloned and 10 s copied, the rename a millisecond. A spare is the worktree's own copy,
 * exactly as the one made at spawn (never a link), so what the agent installs stays in its worktree.
 *
 * <p>A spare is taken only when the checkout's folder looks as it did when the spare was made: the
 * fingerprint covers its lockfiles' bytes and the times of the folder, its direct entries and the
 * files installers rewrite on every change (npm's hidden lockfile, pnpm's and yarn's state, a venv's
 * site-packages, composer's installed.json, go's modules.txt). Two jobs after one spare: one rename
 * wins, the other copies as before.
 */
final class Spares {
    static final String DIR = ".bg-agents-spares";
    /** Installers' own records of what a folder holds, rewritten whenever they change it. */
    private static final List<String> STATE_FILES = List.of(".package-lock.json", ".modules.yaml", ".yarn-state.yml",
            ".yarn-integrity", "composer/installed.json", "modules.txt", "pyvenv.cfg");

    /** How long after a job took or made its copy the next one is begun: its IO kept off that job's start. */
    static final long AFTER_MS = 2_000;
    /** GNU sync flushes one file system ({@code -f}); elsewhere (macOS) sync flushes them all. */
    private static final boolean GNU_SYNC = System.getProperty("os.name", "").startsWith("Linux");

    private final ScheduledExecutorService maker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bg-spares");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile boolean closed;

    /** Where a worktree's spares live: beside it, on its file system, so that taking one is a rename. */
    static Optional<Path> home(Path main, Path worktree) {
        Path parent = worktree.toAbsolutePath().getParent();
        // worktrees an earlier version made inside the checkout: a spare there would be seen by the person's tools
        if (parent == null || parent.startsWith(main.toAbsolutePath())) {
            return Optional.empty();
        }
        return Optional.of(parent.resolve(DIR));
    }

    /**
     * Moves a spare of the checkout's {@code source} made at {@code fingerprint} to {@code dest}: true when
     * it did; false when there is none, or another job took it first.
     */
    static boolean take(Path spares, String name, String fingerprint, Path dest) {
        Path spare = spares.resolve(name + "." + fingerprint).resolve("tree");
        if (!Files.isDirectory(spare, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            StateFiles.deleteTree(dest);
            Files.createDirectories(dest.getParent());
            Files.move(spare, dest, StandardCopyOption.ATOMIC_MOVE);
            StateFiles.deleteTree(spare.getParent());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes, in the background, the spare the next job of this folder takes — unless there is one made at
     * this fingerprint; spares made at another go. A copy the checkout changed under is not kept.
     */
    void replenish(Path source, List<Path> lockfiles, Path spares, String name, String fingerprint, Path log,
                   Duration limit) {
        if (closed) {
            return;
        }
        try {
            maker.schedule(() -> {
                try {
                    make(source, lockfiles, spares, name, fingerprint, log, limit);
                } catch (IOException | RuntimeException e) {
                    BootstrapStep.write(log, "no spare " + name + " made for the next job: " + e.getMessage());
                }
            }, AFTER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the server closed between the look above and here: the next server's first job copies
        }
    }

    private void make(Path source, List<Path> lockfiles, Path spares, String name, String fingerprint, Path log,
                      Duration limit) throws IOException {
        Files.createDirectories(spares);
        Path ready = spares.resolve(name + "." + fingerprint);
        for (Path old : entries(spares, name + ".")) {
            if (!old.equals(ready) && !making(old)) {
                StateFiles.deleteTree(old);
            }
        }
        if (Files.isDirectory(ready.resolve("tree")) || closed) {
            return;
        }
        Path work = spares.resolve(name + ".making-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(work);
            FolderCopy.Made m = FolderCopy.make(source, work.resolve("tree"), work, lockfiles.get(0), false, log, limit,
                    () -> closed);
            if (m.how() == null || !fingerprint.equals(fingerprint(source, lockfiles))) {
                return;
            }
            // written out now, off any job's path: left to the kernel, the next job's first fsync of its
            // record waits for these megabytes (ext4 commits them together): 20-40 ms more to its start
            Commands.run(new ProcessBuilder(GNU_SYNC ? List.of("sync", "-f", work.toString()) : List.of("sync"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD), limit, () -> closed);
            Files.move(work, ready, StandardCopyOption.ATOMIC_MOVE);
            BootstrapStep.write(log, name + ": a spare " + m.how().said + " for the next job");
        } catch (IOException e) {
            // another server made it first (the name is taken), or the disk said no: the next job copies
        } finally {
            StateFiles.deleteTree(work);
        }
    }

    /** A spare still being made by a live process (its name says which); one a dead process left is junk. */
    private static boolean making(Path p) {
        String n = p.getFileName().toString();
        int at = n.indexOf(".making-");
        if (at < 0) {
            return false;
        }
        String[] parts = n.substring(at + ".making-".length()).split("-");
        try {
            return ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Path> entries(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            s.forEach(out::add);
        }
        // in one order whatever order the directory gives them in, for the fingerprint
        out.sort(null);
        return out;
    }

    /** The name a folder's spares go by: its path in the worktree, made one file name. */
    static String name(String folder) {
        return folder.replace('/', '%');
    }

    /** What the checkout's {@code folder} and its {@code lockfiles} look like now, as a short hex string. */
    static String fingerprint(Path folder, List<Path> lockfiles) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path l : lockfiles) {
            d.update(Files.readAllBytes(l));
        }
        stamp(d, folder);
        for (Path p : entries(folder, "")) {
            stamp(d, p);
        }
        for (String s : STATE_FILES) {
            stamp(d, folder.resolve(s));
        }
        Path lib = folder.resolve("lib");
        if (Files.isDirectory(lib, LinkOption.NOFOLLOW_LINKS)) {
            for (Path python : entries(lib, "python")) {
                // by name as well as time: a file's time moves in clock ticks, and an install within the
                // tick the spare was fingerprinted in would not show by time alone
                Path sitePackages = python.resolve("site-packages");
                stamp(d, sitePackages);
                if (Files.isDirectory(sitePackages, LinkOption.NOFOLLOW_LINKS)) {
                    for (Path p : entries(sitePackages, "")) {
                        stamp(d, p);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(d.digest(), 0, 8);
    }

    private static void stamp(MessageDigest d, Path p) {
        String line;
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            line = p.getFileName() + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n";
        } catch (IOException e) {
            line = p.getFileName() + " -\n";
        }
        d.update(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops making spares; a copy under way is stopped and its folder goes. */
    void close() {
        closed = true;
        maker.shutdownNow();
        try {
            maker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
