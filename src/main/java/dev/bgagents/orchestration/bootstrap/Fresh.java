package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.StepRecord;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which jobs are bootstrapped: those whose worktree was just checked out for them — not a job that
 * runs in place, nor one that continues another's worktree (a resumed session, a review), whose
 * worktree had its bootstrap when it was made.
 */
final class Fresh {
    private Fresh() {
    }

    static boolean worktree(Job job) {
        return job.workspace() != null && job.workspace().checkedOut()
                && job.state().step(StepRecord.PREPARE, 0).map(r -> StepRecord.CHECKED_OUT.equals(r.outcome())).orElse(false);
    }

    /** The folder the job works in, relative to its worktree's top ("" for the top), with "/". */
    static String subdir(Job job) {
        return subdir(job.workspace().path(), Path.of(job.spec().workdir()));
    }

    /** {@code dir} relative to {@code top} ("" for the top, or for a folder outside it), with "/". */
    static String subdir(Path top, Path dir) {
        String s = top.relativize(dir.toAbsolutePath().normalize()).toString().replace(java.io.File.separatorChar, '/');
        return s.startsWith("..") ? "" : s;
    }

    static Duration limit(WorktreeSettings settings) {
        return Duration.ofMillis(Math.round(settings.setupTimeoutMinutes() * 60_000));
    }
}
