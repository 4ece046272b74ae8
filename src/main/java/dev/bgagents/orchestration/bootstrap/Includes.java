package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.git.GitException;
import dev.bgagents.git.IgnoredFiles;
import dev.bgagents.text.Printable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The files a project names for its worktrees that git does not bring — {@code .env}, local
 * settings, generated code — copied from the checkout: only files git ignores there, only those the
 * project names, in gitignore syntax, in {@code .worktreeinclude} (the file Claude Code reads), always
 * the checkout's own and never the worktree's (whose content a branch an agent wrote decides), or in
 * bg-agents.json's {@code worktree.include}. Copying {@code .env} is opt-in: nothing is copied unless
 * named. A file reached through a symlink out of the checkout is never read, nor a place in the worktree
 * that leads out of it written; what is copied keeps its permissions.
 */
final class Includes {
    static final String FILE = ".worktreeinclude";

    /** What was copied, and what was not and why ("name: why"). */
    record Copied(List<String> files, List<String> skipped) {
    }

    private Includes() {
    }

    /** Whether the project names anything to copy. */
    static boolean named(Path main, List<String> patterns) {
        return !patterns.isEmpty() || Files.isRegularFile(main.resolve(FILE), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Copies the named ignored files of the checkout at {@code main} into the worktree at {@code tree},
     * but those under {@code covered} (dependency folders the worktree got whole) and those it already has.
     */
    static Copied copy(Path main, Path tree, List<String> patterns, Collection<String> covered)
            throws GitException, IOException {
        Path file = main.resolve(FILE);
        List<String> named = IgnoredFiles.named(main, Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null,
                patterns);
        List<String> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String rel : named) {
            if (covered.stream().anyMatch(c -> rel.startsWith(c + "/"))) {
                continue;
            }
            String why = copyOne(main.resolve(rel), tree.resolve(rel), main, tree);
            if (why == null) {
                files.add(rel);
            } else {
                skipped.add(rel + ": " + why);
            }
        }
        return new Copied(files, skipped);
    }

    /** Copies one file; null when copied, else why not. */
    private static String copyOne(Path from, Path to, Path main, Path tree) throws IOException {
        if (!Reuse.inside(from, main)) {
            return "a symlink out of the checkout";
        }
        Path real = from.toRealPath();
        if (!Files.isRegularFile(real)) {
            return "not a file";
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            return "the worktree has it already";
        }
        if (!Reuse.inside(FolderCopy.nearestExisting(to.getParent()), tree)) {
            return "its place in the worktree leads out of it through a symlink";
        }
        Files.createDirectories(to.getParent());
        Files.copy(real, to, StandardCopyOption.COPY_ATTRIBUTES);
        return null;
    }

    /** The copied files as a person reads them: ".env", ".env, config/local.json and 3 more". */
    static String shown(List<String> files) {
        int shown = Math.min(files.size(), files.size() > 3 ? 2 : 3);
        String names = String.join(", ", files.subList(0, shown).stream().map(Printable::name).toList());
        return files.size() > shown ? names + " and " + (files.size() - shown) + " more" : names;
    }
}
