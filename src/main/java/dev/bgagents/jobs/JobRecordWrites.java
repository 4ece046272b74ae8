package dev.bgagents.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How the {@link JobStore}'s records reach the disk: each written whole (temp file, fsync,
 * atomic rename), each change applied to the record as it is on disk now. A record the disk
 * refused is remembered as unwritten: its disk copy is older than what this server knows and is
 * never read over it. Used only under the store's lock.
 */
final class JobRecordWrites {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecordWrites.class);
    private static final ObjectMapper JSON = StateFiles.json();
    static final String RECORD_LOCK = "job.lock";

    private final Function<String, JobDir> files;
    private final SettledJobs settled;
    // records whose last change is only in memory: the disk copy is older, never to be re-read over it
    private final Set<String> unwritten = new HashSet<>();

    JobRecordWrites(Function<String, JobDir> files, SettledJobs settled) {
        this.files = files;
        this.settled = settled;
    }

    /**
     * Changes a record as it is on disk now, under the record's lock: another server sharing the
     * project may have written it since this one read it (the owner its state, another a merge),
     * and a change applied to an old copy would drop what that server wrote. {@code known} is
     * this server's copy, changed instead when the disk has none it may read. The changed job,
     * whether or not it could be written.
     */
    Job change(String id, Job known, UnaryOperator<Job> change) {
        JobDir f = files.apply(id);
        try (RecordLock ignored = RecordLock.take(f.dir().resolve(RECORD_LOCK))) {
            Job base = known;
            if (!unwritten.contains(id) && Files.isRegularFile(f.record())) {
                try {
                    base = JobRecords.read(f);
                } catch (IOException e) {
                    // being replaced this instant cannot be (we hold the lock): broken; ours stands
                }
            }
            return replace(change.apply(base));
        }
    }

    private Job replace(Job next) {
        try {
            write(next);
            unwritten.remove(next.id());
            if (SettledJobs.settled(next)) {
                settled.add(List.of(next));
            }
        } catch (IOException e) {
            // the in-memory state still moves on; the next write retries the whole record
            unwritten.add(next.id());
            LOG.error("cannot write {}: {}", files.apply(next.id()).record(), e.toString());
        }
        return next;
    }

    /** Makes a new job's directory with its prompt and first record; one refused leaves nothing behind. */
    Job create(Job job, String prompt) throws IOException {
        JobDir f = files.apply(job.id());
        Files.createDirectories(f.dir());
        try {
            StateFiles.replace(f.prompt(), prompt.getBytes(StandardCharsets.UTF_8));
            write(job);
        } catch (IOException | RuntimeException e) {
            // a refused spawn leaves nothing behind: no directory holding half a job
            HalfMadeJobs.removeDir(f);
            throw e;
        }
        return job;
    }

    private void write(Job job) throws IOException {
        StateFiles.replace(files.apply(job.id()).record(), JSON.writeValueAsBytes(job));
    }

    /** Whether the job's last change could not be written (a full or read-only disk). */
    boolean unwritten(String id) {
        return unwritten.contains(id);
    }
}
