package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryFiles;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.summary.SummaryRenderer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A job's summary as every reader gets it — read_summary, summary.md, a group's or a chain's
 * summary, a plan's — with what each feature adds to its jobs' ({@link SummaryPart}) and every
 * secret the server knows masked.
 */
public final class Summaries {
    private final Redactor redactor;
    private final SummaryPart parts;

    public Summaries(Redactor redactor, SummaryPart parts) {
        this.redactor = redactor;
        this.parts = SummaryPart.of(java.util.List.of(parts, new OutsideChanges()));
    }

    public String of(Job job, int maxChars) {
        return SummaryRenderer.render(job, maxChars, Instant.now(), redactor, parts);
    }

    /** summary.md in the job's directory, written before its end is on record. */
    public void write(Job job, Path file) throws IOException {
        SummaryFiles.write(job, file, redactor, parts);
    }

    public Redactor redactor() {
        return redactor;
    }
}
