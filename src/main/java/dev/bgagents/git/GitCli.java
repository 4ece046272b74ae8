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

    /**
     * A command in a job's worktree, told its git directory as the main repository records it (never read
     * from the worktree's own {@code .git} file, which its agent could rewrite), with no hook and no
     * fsmonitor the agent could have configured; exit {@code 1} is null, as in {@link #runOrNo}.
     */
    static String inWorktree(Path gitDir, Path tree, String... args) throws GitException {
        String[] all = new String[args.length + 8];
        System.arraycopy(new String[]{"--git-dir=" + gitDir, "--work-tree=" + tree, "-c", "core.hooksPath=/dev/null",
                "-c", "core.fsmonitor=false", "-c", "commit.gpgSign=false"}, 0, all, 0, 8);
        System.arraycopy(args, 0, all, 8, args.length);
        // named by its command, past the -c settings a caller puts first
        int at = 0;
        while (at + 2 < args.length && args[at].equals("-c")) {
            at += 2;
        }
        return execute(tree, new int[]{0, 1}, args[at], all);
    }

    private static String execute(Path dir, int[] accepted, String... args) throws GitException {
        return execute(dir, accepted, args[0], args);
    }

    private static String execute(Path dir, int[] accepted, String name, String... args) throws GitException {
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
            throw new GitException("git " + name + " failed: " + last.replaceFirst("^fatal: ", ""));
        } catch (IOException e) {
            throw new GitException("cannot run git: " + e.getMessage() + " (is git installed?)");
        }
    }
}
