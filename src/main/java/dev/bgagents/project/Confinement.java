package dev.bgagents.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where tool arguments may point: inside the project, or inside a root the config lists under
 * {@code allowed_roots} — with symlinks resolved, so a link in the repository that points out
 * leads nowhere. A host model that read a hostile page can be talked into any argument; this is
 * what keeps such an argument from reading, writing or running anything outside.
 */
public final class Confinement {
    private final List<Path> roots;

    /** Thrown for a path outside every root, or not usable at all; the message is one line for the host. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code project} first; every root is resolved to its real path. */
    public Confinement(Path project, List<Path> allowedRoots) {
        List<Path> r = new ArrayList<>();
        r.add(real(project));
        for (Path p : allowedRoots) {
            Path rp = real(p);
            if (!r.contains(rp)) {
                r.add(rp);
            }
        }
        this.roots = List.copyOf(r);
    }

    public List<Path> roots() {
        return roots;
    }

    /** An existing directory: {@code value} relative to {@code base}, or absolute. */
    public Path directory(String arg, String value, Path base) throws Refused {
        Path real = existing(arg, value, base, "does not exist or is not a directory: pass an existing directory");
        if (!Files.isDirectory(real)) {
            throw new Refused(arg + " " + quoted(value) + " does not exist or is not a directory: pass an existing "
                    + "directory");
        }
        return real;
    }

    /** An existing regular file: {@code value} relative to {@code base}, or absolute. */
    public Path file(String arg, String value, Path base) throws Refused {
        Path real = existing(arg, value, base, "is not a file under " + base);
        if (!Files.isRegularFile(real)) {
            throw new Refused(arg + " " + quoted(value) + " is not a file under " + base);
        }
        return real;
    }

    /**
     * The real path of what {@code value} names, inside a root. Whether something exists
     * outside is never told apart from its absence.
     */
    private Path existing(String arg, String value, Path base, String missing) throws Refused {
        Path p = resolve(arg, value, base);
        if (!Files.exists(p)) {
            throw inside(p) ? new Refused(arg + " " + quoted(value) + " " + missing) : outside(arg, value);
        }
        return insideOrRefused(arg, value, p);
    }

    /**
     * A path a task says it will touch, which need not exist yet: inside a root as written, and
     * its nearest existing ancestor inside one once symlinks are resolved.
     */
    public void declared(String arg, String value, Path base) throws Refused {
        Path p = resolve(arg, value, base);
        if (!inside(p)) {
            throw outside(arg, value);
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            insideOrRefused(arg, value, existing);
        }
    }

    private Path resolve(String arg, String value, Path base) throws Refused {
        if (value.indexOf('\0') >= 0) {
            throw new Refused(arg + " contains a NUL character: pass a path");
        }
        try {
            return base.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new Refused(arg + " " + quoted(value) + " is not a valid path");
        }
    }

    private Path insideOrRefused(String arg, String value, Path p) throws Refused {
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new Refused(arg + " " + quoted(value) + " cannot be resolved: " + e.getMessage());
        }
        if (!inside(real)) {
            throw outside(arg, value);
        }
        return real;
    }

    private boolean inside(Path p) {
        return roots.stream().anyMatch(p::startsWith);
    }

    private Refused outside(String arg, String value) {
        String where = roots.size() == 1 ? "the project " + roots.get(0)
                : "the project " + roots.get(0) + " or the allowed_roots " + roots.subList(1, roots.size()).stream()
                .map(Path::toString).collect(Collectors.joining(", "));
        return new Refused(arg + " " + quoted(value) + " is outside " + where + " (symlinks resolved): pass a path "
                + "inside, or list another root under allowed_roots in bg-agents.json");
    }

    private static String quoted(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (flat.length() <= 80 ? flat : flat.substring(0, 79) + "…") + "\"";
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
