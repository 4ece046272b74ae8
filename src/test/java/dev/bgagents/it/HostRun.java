package dev.bgagents.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a host CLI as a user would start it: in a directory, with only the given environment, stdin closed. */
public final class HostRun {
    private HostRun() {
    }

    /** What a run printed and how it ended (-1: killed at the timeout). */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** {@code command} in {@code dir}, to its end (at most {@code timeoutSeconds}); its output kept under {@code scratch}. */
    static Result run(List<String> command, Path dir, Map<String, String> env, Path scratch, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        // codex and opencode wait forever on an open stdin
        p.getOutputStream().close();
        boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            kill(p);
        }
        return new Result(ended ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
    }

    /** Ends {@code p} and everything it started: SIGTERM, then SIGKILL for what is left a second later. */
    static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            java.util.concurrent.CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit)
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // what did not end on SIGTERM gets SIGKILL
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Skips a test whose host {@code what} is not installed at {@code bin}, except under CI=true where that fails. */
    static void requireInstalled(Path bin, String what) {
        if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("bgagents.e2e.required")) {
            org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(bin), what + " missing at " + bin
                    + " (.ci/run installs it)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bin), what + " not installed at " + bin);
    }

    /**
     * The test project's bg-agents.json where the server finds it in {@code home} (the user's config
     * folder): Codex passes a server only a few variables of its environment, so BG_AGENTS_CONFIG would not do.
     */
    static void userConfig(Path home, ServerHarness server) throws IOException {
        Path config = Files.createDirectories(home.resolve(".config/bg-agents")).resolve("bg-agents.json");
        Files.copy(server.project.resolve(".git/bg-agents.json"), config);
    }

    /** The shipped snippet {@code file} with its placeholder path replaced by this checkout. */
    static String shipped(String file) throws IOException {
        return Files.readString(Path.of(file)).replace("/absolute/path/to/bg-agents", Path.of("").toAbsolutePath().toString());
    }
}
