package dev.bgagents.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plugin/ as a release ships it: the folder copied with its pinned checksum made the built jar's
 * (what packaging/pin-release writes before a tag), and the tools a user's machine has: a PATH of
 * links to java, node, npm and the few POSIX tools the launcher and the stand-in agent use —
 * no mvn, no javac, no checkout.
 */
final class ReleasedPackage {
    static final String VERSION = "0.1.0";
    static final String ASSET = "bg-agents-" + VERSION + ".jar";
    private static final List<String> TOOLS = List.of("java", "node", "npm", "sh", "bash", "env", "git", "curl",
            "sha256sum", "dirname", "readlink", "uname", "mkdir", "mktemp", "mv", "rm", "cat", "ls", "chmod", "ln",
            "setsid", "ps", "kill", "sleep", "head", "tail", "printf", "date", "wc", "tr", "sed", "grep", "cp", "touch");

    record Run(int exitCode, String stdout, String stderr, long millis) {
    }

    /** plugin/ copied into {@code dir} with the jar's SHA-256 pinned beside its launcher. */
    static Path stage(Path dir, byte[] jar) throws IOException {
        Path root = Path.of("plugin");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(root.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(dir.resolve("bin/bg-agents.jar.sha256"), sha256(jar) + "  " + ASSET + "\n");
        return dir;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A directory of links to the tools above, found on this machine's PATH. */
    static Path toolsPath(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir);
        for (String tool : TOOLS) {
            for (String entry : System.getenv("PATH").split(":")) {
                Path found = Path.of(entry, tool);
                if (Files.isExecutable(found) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), found.toRealPath());
                }
            }
        }
        assertTrue(Files.exists(bin.resolve("java")) && Files.exists(bin.resolve("node")), "java and node on PATH");
        assertTrue(!Files.exists(bin.resolve("mvn")));
        return bin;
    }

    static Run run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("bg-install-out", ".txt");
        Path err = Files.createTempFile("bg-install-err", ".txt");
        long t0 = System.nanoTime();
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        Run r = new Run(ended ? p.exitValue() : -1, Files.readString(out), Files.readString(err), millis);
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
