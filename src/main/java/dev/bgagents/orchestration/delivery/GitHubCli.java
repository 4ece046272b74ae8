package dev.bgagents.orchestration.delivery;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * GitHub's CLI, {@code gh}, as the server runs it: found on the server's PATH, given an argument vector
 * (never a shell), its body in a file, and an environment holding nothing of the server's but what gh
 * needs to reach GitHub — its own settings, proxies, certificates and the GitHub token variables; no
 * model key, no other secret. Bounded in time; it never prompts.
 */
final class GitHubCli {
    /** Seconds gh may take. */
    static final long LIMIT_SECONDS = 120;
    /** What gh reads of the server's environment; everything else stays out of its process. */
    private static final Set<String> PASSED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
            "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "GH_CONFIG_DIR", "GH_HOST",
            "GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "HTTP_PROXY", "HTTPS_PROXY",
            "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy", "SSL_CERT_FILE",
            "SSL_CERT_DIR");
    private static final Map<String, String> QUIET = Map.of("GH_PROMPT_DISABLED", "1", "GH_NO_UPDATE_NOTIFIER", "1",
            "NO_COLOR", "1", "GH_SPINNER_DISABLED", "1", "GIT_TERMINAL_PROMPT", "0");

    /** How a run of gh ended: its exit code (-1: killed at its time limit) and what it printed. */
    record Ran(int exit, String out, String err) {
        /** gh's last line of complaint, for a one-line refusal. */
        String lastError() {
            String e = err.isBlank() ? out : err;
            return e.strip().lines().reduce((a, b) -> b).orElse("exit " + exit);
        }
    }

    private final Map<String, String> serverEnv;

    /** {@code serverEnv}: the server's environment, which gh is found through and takes its few variables from. */
    GitHubCli(Map<String, String> serverEnv) {
        this.serverEnv = Map.copyOf(serverEnv);
    }

    /** gh on the server's PATH, if installed. */
    Optional<Path> find() {
        String path = serverEnv.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "gh");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The environment gh runs with. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        serverEnv.forEach((k, v) -> {
            if (PASSED.contains(k)) {
                env.put(k, v);
            }
        });
        env.putAll(QUIET);
        return env;
    }

    /** Runs {@code gh args…} in {@code dir} to its end or its time limit. */
    Ran run(Path gh, Path dir, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(gh.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment());
        Path out = Files.createTempFile("bg-gh", ".out");
        Path err = Files.createTempFile("bg-gh", ".err");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            boolean ended;
            try {
                ended = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while gh ran");
            }
            if (!ended) {
                p.destroyForcibly();
            }
            return new Ran(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    ended ? Files.readString(err, StandardCharsets.UTF_8) : "gh took longer than " + LIMIT_SECONDS + " s");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
