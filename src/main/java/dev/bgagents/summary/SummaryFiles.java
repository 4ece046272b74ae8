package dev.bgagents.summary;

import dev.bgagents.jobs.Job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Writes a job's {@code summary.md} when it ends, for people and for hosts that read files. */
public final class SummaryFiles {
    /** The file is read on demand, not paid per call: it may say more than a tool answer. */
    static final int FILE_MAX_CHARS = 8000;

    private SummaryFiles() {
    }

    public static void write(Job job, Path file, Redactor redactor, SummaryPart parts) throws IOException {
        Files.writeString(file, SummaryRenderer.render(job, FILE_MAX_CHARS, Instant.now(), redactor, parts),
                StandardCharsets.UTF_8);
    }
}
