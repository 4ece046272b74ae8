package dev.bgagents.jobs;

import java.nio.file.Path;

/** The files of one job under {@code .context/jobs/<job_id>/}. */
public record JobFiles(Path dir) {
    public Path record() {
        return dir.resolve("job.json");
    }

    public Path prompt() {
        return dir.resolve("prompt.md");
    }

    public Path stdout() {
        return dir.resolve("stdout.log");
    }

    public Path stderr() {
        return dir.resolve("stderr.log");
    }

    /** Written by the launcher shell when the agent exits: its exit status, one line. */
    public Path exit() {
        return dir.resolve("exit");
    }

    public Path summary() {
        return dir.resolve("summary.md");
    }

    /** Created once by whichever server starts the job, so two servers never launch it twice. */
    Path launchClaim() {
        return dir.resolve("launch.claim");
    }
}
