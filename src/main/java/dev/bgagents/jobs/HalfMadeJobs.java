package dev.bgagents.jobs;

import dev.bgagents.project.JobDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What a writer that died mid-way leaves in the jobs directory, and how it is cleared at load. */
final class HalfMadeJobs {
    private static final Logger LOG = LoggerFactory.getLogger(HalfMadeJobs.class);
    /** How old a directory without a record must be before it counts as a dead spawn, not one in progress. */
    static final Duration HALF_MADE_AGE = Duration.ofSeconds(60);

    private HalfMadeJobs() {
    }

    /**
     * A directory without a record is a spawn that died between making the directory and writing
     * job.json: nothing ever ran from it. Once it is old enough not to be another server's spawn in
     * progress, it goes if it holds only the prompt and temp files; anything more is reported and kept.
     */
    static Optional<String> remove(JobDir f) throws IOException {
        if (Files.getLastModifiedTime(f.dir()).toInstant().isAfter(java.time.Instant.now().minus(HALF_MADE_AGE))) {
            return Optional.empty();
        }
        List<Path> inside;
        try (Stream<Path> files = Files.list(f.dir())) {
            inside = files.toList();
        }
        boolean onlyPrompt = inside.stream().allMatch(p -> p.equals(f.prompt()) || p.getFileName().toString().endsWith(".tmp"));
        if (!onlyPrompt) {
            return Optional.of(f.dir() + ": no job.json, but " + inside.size() + " files; left as it is");
        }
        removeDir(f);
        LOG.info("removed {}: a spawn that never recorded its job", f.dir());
        return Optional.empty();
    }

    /** Removes a job directory that holds only flat files (the prompt, temp files). */
    static void removeDir(JobDir f) throws IOException {
        try (Stream<Path> files = Files.list(f.dir())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(f.dir());
    }

    /**
     * Temp files a writer left when it died mid-write. Another live server may be writing its own
     * right now, so only old ones go.
     */
    static void deleteStaleTemps(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("job.json.") && name.endsWith(".tmp")
                        && Files.getLastModifiedTime(p).toInstant().isBefore(java.time.Instant.now().minusSeconds(60))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
