package dev.bgagents.git;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The git CLI, for what JGit cannot do (linked worktrees). An argument vector, never a shell
 * string; a timeout on every call; git's own last error line in the failure.
 */
final class GitCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private GitCli() {
    }

    /** Commands that change what other servers' git commands read are run under the repository's lock. */
    static String run(Path dir, String... args) throws GitException {
        if (args[0].equals("worktree") || args[0].equals("branch")) {
            return RepoLock.with(dir, () -> execute(dir, args));
        }
        return execute(dir, args);
    }

    /** A read-only command whose exit {@code 1} answers "no" rather than failing (check-ignore): null then. */
    static String runOrNo(Path dir, String... args) throws GitException {
        return execute(dir, new int[]{0, 1}, args);
    }

    private static String execute(Path dir, String... args) throws GitException {
        return execute(dir, new int[]{0}, args);
    }

    private static String execute(Path dir, int[] accepted, String... args) throws GitException {
        CommandLine cmd = new CommandLine("git");
        cmd.addArgument("-C", false).addArgument(dir.toString(), false);
        for (String a : args) {
            cmd.addArgument(a, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out, err));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(TIMEOUT).get());
        exec.setExitValues(accepted);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LC_ALL", "C");
        env.put("GIT_TERMINAL_PROMPT", "0");
        try {
            int exit = exec.execute(cmd, env);
            return exit == 0 ? out.toString(StandardCharsets.UTF_8) : null;
        } catch (ExecuteException e) {
            String message = err.toString(StandardCharsets.UTF_8).strip();
            String last = message.isEmpty() ? "exit " + e.getExitValue() : message.lines().reduce((a, b) -> b).orElse("");
            throw new GitException("git " + args[0] + " failed: " + last.replaceFirst("^fatal: ", ""));
        } catch (IOException e) {
            throw new GitException("cannot run git: " + e.getMessage() + " (is git installed?)");
        }
    }
}
