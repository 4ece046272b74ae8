package dev.bgagents.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The file the launcher shell writes when a job's process exits — its status, one line, renamed
 * into place — read by whoever finishes the job, on this server or a later one.
 */
public final class ExitRecord {
    private ExitRecord() {
    }

    /** The exit status on record, or null when there is none (yet). */
    public static Integer status(Path exit) {
        try {
            return Integer.valueOf(Files.readString(exit).strip());
        } catch (IOException | NumberFormatException none) {
            return null;
        }
    }

    /**
     * When the process exited: the record's time, written the moment it did — not when this
     * server (or a later one, after a restart) noticed. Now, when there is none.
     */
    static Instant when(Path exit, Instant startedAt) {
        Instant now = Instant.now();
        try {
            Instant written = Files.getLastModifiedTime(exit).toInstant();
            return written.isAfter(now) || (startedAt != null && written.isBefore(startedAt)) ? now : written;
        } catch (IOException none) {
            return now;
        }
    }

    /** Why a job whose agent is gone has no exit record: its directory could not be written, or nobody knows. */
    static String whyMissing(Path jobDir) {
        return dev.bgagents.project.StateFiles.whyUnwritable(jobDir)
                .map(w -> w + ": the agent's end could not be recorded (no exit record)")
                .orElse("the agent's process vanished without an exit record");
    }
}
