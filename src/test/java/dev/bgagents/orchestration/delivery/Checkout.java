package dev.bgagents.orchestration.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A person's checkout as they would compare it: every file of the working tree but the server's state
 * directory ({@code .context}), its index, HEAD and its branches — byte for byte.
 */
public final class Checkout {
    private Checkout() {
    }

    /**
     * One line per file (path and SHA-256), then the index, HEAD, and the person's branches: every ref under
     * refs/heads but the jobs' own ({@code bg/…}, {@code impl/…}), which their spawns made.
     */
    public static String snapshot(Path repo) throws IOException, InterruptedException {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(p).toString();
                if (rel.startsWith(".context/") || rel.startsWith(".git/")) {
                    continue;
                }
                files.put(rel, sha(Files.readAllBytes(p)));
            }
        }
        StringBuilder b = new StringBuilder();
        files.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        b.append("index ").append(sha(Files.readAllBytes(repo.resolve(".git/index")))).append('\n');
        b.append("HEAD ").append(Files.readString(repo.resolve(".git/HEAD")));
        dev.bgagents.orchestration.EngineFixture.git(repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/")
                .lines().filter(l -> !l.startsWith("refs/heads/bg/") && !l.startsWith("refs/heads/impl/"))
                .forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
