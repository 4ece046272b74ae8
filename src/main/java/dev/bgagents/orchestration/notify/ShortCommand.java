package dev.bgagents.orchestration.notify;

import dev.bgagents.agents.Credentials;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.runtime.ExitRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A notifying command (the hook, notify-send, osascript) run the way a job's agent is: an argument
 * vector, in its own process group tagged {@code BG_AGENTS_JOB=notify-…}, no secret-named variable
 * in its environment, its output to a file beside the event; bounded in time, and whatever it leaves
 * running — past its time or after it exits — stopped with its whole group.
 */
final class ShortCommand {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final ProcessControl processes;
    private final Path workdir;

    ShortCommand(ProcessControl processes, Path workdir) {
        this.processes = processes;
        this.workdir = workdir;
    }

    /** Null when it exited 0, else what went wrong in a few words. {@code stdin}: a file, or null for none. */
    String run(List<String> argv, Path stdin, Path filesPrefix, Duration limit) {
        Path out = filesPrefix.resolveSibling(filesPrefix.getFileName() + ".out");
        Path exit = filesPrefix.resolveSibling(filesPrefix.getFileName() + ".exit");
        String tag = "notify-" + filesPrefix.getFileName();
        ProcessControl.Launched l;
        try {
            Files.deleteIfExists(exit);
            l = processes.launch(new ProcessControl.LaunchSpec(argv, workdir, stdin, out, out, exit,
                    Map.of(ProcessControl.JOB_TAG, tag), Credentials.secretNames(System.getenv())));
        } catch (IOException | RuntimeException e) {
            return "could not start: " + e.getMessage();
        }
        boolean ended;
        try {
            ended = l.process() == null || l.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        processes.kill(l.pid(), l.startTicks(), tag, GRACE);
        if (!ended) {
            return "timed out after " + limit.toSeconds() + " s (stopped with its process group)";
        }
        Integer status = ExitRecord.status(exit);
        return status != null && status == 0 ? null : status == null ? "ended without an exit status" : "exited " + status;
    }
}
