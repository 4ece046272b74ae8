package dev.bgagents.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Reading job records from disk, many at once: in parallel, as with 10,000 records it is most of a start. */
final class JobRecords {
    private static final ObjectMapper JSON = StateFiles.json();
    static final Comparator<Job> OLDEST_FIRST = Comparator.comparing((Job j) -> j.spec().createdAt())
            .thenComparing(Job::id);

    private JobRecords() {
    }

    static Job read(JobDir f) throws IOException {
        return JSON.readValue(f.record().toFile(), Job.class);
    }

    /** The directories under {@code root} named like job ids. */
    static List<Path> dirs(Path root) throws IOException {
        try (Stream<Path> listed = Files.list(root)) {
            return listed.filter(d -> JobStore.ID.matcher(d.getFileName().toString()).matches()).toList();
        }
    }

    /**
     * As a server starts: stale temp files deleted, a directory a spawn died in removed, a record
     * that cannot be read reported in {@code problems} and skipped; oldest first.
     */
    static List<Job> readAtStart(List<Path> dirs, List<String> problems) {
        return dirs.parallelStream().map(dir -> {
            JobDir f = new JobDir(dir);
            try {
                HalfMadeJobs.deleteStaleTemps(dir);
                if (!Files.isRegularFile(f.record())) {
                    HalfMadeJobs.remove(f).ifPresent(problems::add);
                    return null;
                }
                return read(f);
            } catch (IOException e) {
                problems.add(f.record() + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
                return null;
            }
        }).filter(Objects::nonNull).sorted(OLDEST_FIRST).toList();
    }

    /** The records that can be read now; one deleted or broken since is left out. */
    static List<Job> readQuietly(Collection<Path> dirs) {
        return dirs.parallelStream().map(dir -> {
            try {
                return read(new JobDir(dir));
            } catch (IOException e) {
                return null;
            }
        }).filter(Objects::nonNull).toList();
    }

    /** Adds the readable records of {@code dirs} to {@code jobs}, which stays oldest first. */
    static void readInto(Map<String, Job> jobs, Collection<Path> dirs) {
        if (dirs.isEmpty()) {
            return;
        }
        List<Job> merged = new java.util.ArrayList<>(jobs.values());
        merged.addAll(readQuietly(dirs));
        merged.sort(OLDEST_FIRST);
        jobs.clear();
        merged.forEach(j -> jobs.put(j.id(), j));
    }
}
