package dev.bgagents.orchestration.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Python virtual environment copied into a worktree, made the worktree's own. Measured with
 * Python 3.11: in a copy, {@code .venv/bin/python} already works there (it finds {@code pyvenv.cfg}
 * beside itself, so packages come from the copy), but every script pip wrote — {@code pip},
 * {@code pytest}, the project's own commands — starts with {@code #!<the checkout's venv>/bin/python},
 * {@code activate} sets {@code VIRTUAL_ENV} to the checkout's, and an editable install's {@code .pth}
 * points at the checkout's sources: run as they are, the agent's tests import the person's code and
 * its {@code pip install} writes into the person's venv. So those paths are rewritten to the
 * worktree's: the scripts of {@code bin/}, {@code pyvenv.cfg}, and the {@code .pth} files and
 * editable-install finders of site-packages.
 */
final class VenvRelocation {
    /** Files larger than this are not scripts: left as they are. */
    private static final long MAX_TEXT = 1 << 20;

    private VenvRelocation() {
    }

    static boolean isVenv(Path folder) {
        return Files.isRegularFile(folder.resolve("pyvenv.cfg"), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Rewrites, in the venv copied to {@code venv}, the paths of the checkout at {@code main} (as written,
     * and its real path) to those of the worktree at {@code tree}; the number of files changed.
     */
    static int relocate(Path venv, Path main, Path tree) throws IOException {
        List<String> olds = new ArrayList<>(List.of(main.toAbsolutePath().normalize().toString()));
        String real = main.toRealPath().toString();
        if (!olds.contains(real)) {
            olds.add(real);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> bin = list(venv.resolve("bin"))) {
            bin.forEach(files::add);
        }
        files.add(venv.resolve("pyvenv.cfg"));
        try (Stream<Path> libs = list(venv.resolve("lib"))) {
            for (Path lib : libs.toList()) {
                try (Stream<Path> site = list(lib.resolve("site-packages"))) {
                    site.filter(p -> p.getFileName().toString().endsWith(".pth")
                            || p.getFileName().toString().startsWith("__editable__")).forEach(files::add);
                }
            }
        }
        int changed = 0;
        for (Path f : files) {
            if (rewrite(f, olds, tree.toString())) {
                changed++;
            }
        }
        return changed;
    }

    private static boolean rewrite(Path f, List<String> olds, String now) throws IOException {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_TEXT) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(f);
        for (byte b : bytes) {
            if (b == 0) {
                return false; // a binary (an interpreter copied with --copies): a path of another length would break it
            }
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // bytes kept as they are, whatever the encoding
        String out = text;
        for (String old : olds) {
            // the checkout's path as a whole: followed by a separator, a quote, a space or the end, never a longer name
            out = Pattern.compile(Pattern.quote(bytes(old)) + "(?=[/'\"\\s:]|$)", Pattern.MULTILINE).matcher(out)
                    .replaceAll(Matcher.quoteReplacement(bytes(now)));
        }
        if (out.equals(text)) {
            return false;
        }
        Files.write(f, out.getBytes(StandardCharsets.ISO_8859_1));
        return true;
    }

    /** A path's UTF-8 bytes, one char each, as the file's text is read. */
    private static String bytes(String path) {
        return new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static Stream<Path> list(Path dir) throws IOException {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Files.list(dir) : Stream.empty();
    }
}
