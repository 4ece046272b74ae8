package dev.bgagents.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * macOS confinement with {@code sandbox-exec} and a Seatbelt profile generated from the same {@link Rules}
 * as bubblewrap's arguments: every write denied but under the writable directories, minus what is sealed
 * in them, and the private temporary directory (given as {@code TMPDIR}; macOS cannot show it at
 * {@code /tmp}). Reads and the network stay open. Seatbelt cannot show one directory in place of another,
 * so an agent's own home ({@link Rules#shown}) becomes: the person's home, read-only but for the files
 * copied into the agent's (a CLI's {@code ~/.claude.json} and the temporary and lock files it renames over
 * it). Nothing like a pid namespace either: the job's processes are found and killed by their group and tag,
 * as everywhere.
 *
 * <p>Written from Apple's and codex's published profiles and checked only as text here (SandboxExecTest):
 * not run, as no Mac was at hand.
 */
final class SandboxExec implements Sandbox {
    static final Path PROGRAM = Path.of("/usr/bin/sandbox-exec");

    @Override
    public boolean showsInPlace() {
        return false;
    }

    @Override
    public String name() {
        return "sandbox-exec";
    }

    @Override
    public java.util.Optional<String> unavailable() {
        return java.util.Optional.empty();
    }

    @Override
    public List<String> wrap(List<String> argv, Rules rules) {
        List<String> cmd = new ArrayList<>(List.of(PROGRAM.toString(), "-p", profile(rules), "/usr/bin/env"));
        if (rules.privateTmp() != null) {
            cmd.add("TMPDIR=" + rules.privateTmp() + "/");
        }
        cmd.addAll(argv);
        return cmd;
    }

    /** The Seatbelt profile of {@code rules}. */
    static String profile(Rules rules) {
        StringBuilder p = new StringBuilder("(version 1)\n(allow default)\n(deny file-write*)\n");
        p.append("(allow file-write* (literal \"/dev/null\") (literal \"/dev/tty\") (regex #\"^/dev/fd/\"))\n");
        List<Path> open = new ArrayList<>(rules.writable());
        if (rules.privateTmp() != null) {
            open.add(rules.privateTmp());
        }
        for (Path w : open) {
            p.append("(allow file-write* (require-all (subpath ").append(quoted(w)).append(')');
            for (Path s : rules.sealed()) {
                if (s.startsWith(w)) {
                    p.append(" (require-not (subpath ").append(quoted(s)).append("))");
                }
            }
            p.append("))\n");
        }
        rules.shown().forEach((home, own) -> {
            for (String f : copies(own)) {
                p.append("(allow file-write* (regex #\"^").append(literal(home.resolve(f).toString())).append("\"))\n");
            }
        });
        return p.toString();
    }

    private static List<String> copies(Path own) {
        try (var files = Files.list(own)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code s} matched literally by a Seatbelt regular expression (which knows no {@code \\Q…\\E}). */
    private static String literal(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-' ? "" : "\\").append(c);
        }
        return b.toString();
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
