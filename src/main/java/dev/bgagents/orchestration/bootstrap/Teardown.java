package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.agents.Credentials;
import dev.bgagents.config.WorktreeSettings;
import dev.bgagents.git.Workspace;
import dev.bgagents.process.ProcessControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The project's teardown, run in a job's worktree just before it is removed (after a merge's clean-up,
 * a losing attempt's removal, gc): what the setup started that outlives the job — containers, a
 * database, a cache — goes with it. Its command comes from bg-agents.json alone; it runs at the
 * worktree's top with no secret in its environment and {@code $BG_AGENTS_JOB} set (the job whose
 * worktree it is, as its setup saw it), bounded by {@code setup_timeout_minutes}, its output appended
 * to the job's {@code teardown.log}. The removal goes on whatever it does: a teardown that fails is
 * said in the server's log, never keeps a worktree.
 */
final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    private Teardown() {
    }

    /** Runs the teardown in {@code w}; {@code log} gets its output (null: it goes nowhere). */
    static void run(WorktreeSettings settings, Workspace w, Path log) {
        if (settings.teardown().isEmpty() || !Files.isDirectory(w.path())) {
            return;
        }
        String job = w.path().getFileName().toString();
        ProcessBuilder how = new ProcessBuilder(settings.teardown()).directory(w.path().toFile()).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = how.environment();
        Credentials.secretNames(Map.copyOf(env)).forEach(env::remove);
        env.put(ProcessControl.JOB_TAG, job);
        env.put("CI", "true");
        try {
            String failure = Commands.run(how, Fresh.limit(settings), () -> false);
            if (failure != null) {
                LOG.warn("teardown `{}` in {}: {}", String.join(" ", settings.teardown()), w.path(), failure);
            }
        } catch (IOException e) {
            LOG.warn("teardown `{}` in {} could not start: {}", String.join(" ", settings.teardown()), w.path(), e.toString());
        }
    }
}
