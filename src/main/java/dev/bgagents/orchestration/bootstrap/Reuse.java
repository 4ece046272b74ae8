package dev.bgagents.orchestration.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * What a new worktree gets of one dependency folder, and why: the checkout's folder again when the
 * worktree's lockfile is the checkout's byte for byte (what it holds is what the worktree asks for);
 * an install when the lockfile differs; nothing without a lockfile, or when the checkout has no such
 * folder of its own (the person does not install these: neither does a job).
 */
record Reuse(Way way, String why) {
    enum Way { REUSE, INSTALL, NOTHING }

    /**
     * @param ignored whether git ignores the folder in the checkout (a folder git tracks is in the worktree already)
     */
    static Reuse decide(Dependency d, Path main, Path worktree, boolean ignored) {
        Path folder = main.resolve(d.folder());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !inside(folder, main)) {
            return new Reuse(Way.NOTHING, "not a folder of the checkout");
        }
        if (!ignored) {
            return new Reuse(Way.NOTHING, "not ignored by git in the checkout");
        }
        List<String> ours = d.lockfilesIn(worktree);
        if (ours.isEmpty()) {
            return new Reuse(Way.NOTHING, "no " + d.lockfile() + " in the worktree");
        }
        if (ours.equals(d.lockfilesIn(main)) && ours.stream().allMatch(l -> same(main.resolve(l), worktree.resolve(l)))) {
            return new Reuse(Way.REUSE, String.join(", ", ours) + " as in the checkout");
        }
        if (d.install().isEmpty()) {
            return new Reuse(Way.NOTHING, d.lockfile() + " differs from the checkout's, and nothing is known to install it");
        }
        return new Reuse(Way.INSTALL, d.lockfile() + " differs from the checkout's");
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code p}, its symlinks resolved, is inside {@code top}: nothing reached through a link out of it. */
    static boolean inside(Path p, Path top) {
        try {
            return p.toRealPath().startsWith(top.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
