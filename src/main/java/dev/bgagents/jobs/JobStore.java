package dev.bgagents.jobs;

import dev.bgagents.project.JobDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.Workspace;
import dev.bgagents.project.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The durable journal of jobs: one directory per job under {@code .context/jobs/}, its
 * {@code job.json} always replaced whole (temp file, fsync, atomic rename) so a crash at
 * any moment leaves either the old record or the new one, never half of one.
 * Every change wakes the threads waiting in {@link #awaitChange}.
 */
public final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    /** Job ids are what we generate: provider, dash, hex. Anything else (../, slashes) is refused. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,30}-[0-9a-f]{6}");
    private static final ObjectMapper JSON = StateFiles.json();

    private final Path root;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Set<String> startedElsewhere = new HashSet<>();
    private final SecureRandom random = new SecureRandom();

    public JobStore(Path jobsDir) {
        this.root = jobsDir;
    }

    public Path root() {
        return root;
    }

    public JobDir files(String id) {
        return new JobDir(root.resolve(id));
    }

    /** Reads every job directory; a record that cannot be read is reported and skipped, never fatal. */
    /** How old a directory without a record must be before it counts as a dead spawn, not one in progress. */
    static final java.time.Duration HALF_MADE_AGE = java.time.Duration.ofSeconds(60);

    public synchronized List<String> load() throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return problems;
        }
        List<Job> loaded = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!ID.matcher(dir.getFileName().toString()).matches()) {
                    continue;
                }
                JobDir f = new JobDir(dir);
                deleteStaleTemps(dir);
                if (!Files.isRegularFile(f.record())) {
                    removeHalfMade(f).ifPresent(problems::add);
                    continue;
                }
                try {
                    loaded.add(read(f));
                } catch (IOException e) {
                    problems.add(f.record() + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        }
        loaded.sort(Comparator.comparing((Job j) -> j.spec().createdAt()).thenComparing(Job::id));
        loaded.forEach(j -> jobs.put(j.id(), j));
        problems.forEach(LOG::warn);
        return problems;
    }

    private static Job read(JobDir f) throws IOException {
        return JSON.readValue(f.record().toFile(), Job.class);
    }

    /**
     * A directory without a record is a spawn that died between making the directory and writing
     * job.json: nothing ever ran from it. Once it is old enough not to be another server's spawn in
     * progress, it goes if it holds only the prompt and temp files; anything more is reported and kept.
     */
    private static Optional<String> removeHalfMade(JobDir f) throws IOException {
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
    private static void removeDir(JobDir f) throws IOException {
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
    private static void deleteStaleTemps(Path dir) throws IOException {
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

    /**
     * Jobs another server sharing this project recorded since this one loaded: read in, so
     * every server can show, await and summarize every job of the project.
     */
    public synchronized List<Job> discover() {
        List<Job> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String id = dir.getFileName().toString();
                if (jobs.containsKey(id) || !ID.matcher(id).matches() || !Files.isRegularFile(files(id).record())) {
                    continue;
                }
                try {
                    found.add(read(files(id)));
                } catch (IOException e) {
                    // being written right now, or broken: the next look decides
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.toString());
        }
        found.sort(Comparator.comparing((Job j) -> j.spec().createdAt()).thenComparing(Job::id));
        found.forEach(j -> {
            jobs.put(j.id(), j);
            startedElsewhere.add(j.id());
        });
        if (!found.isEmpty()) {
            notifyAll();
        }
        return found;
    }

    /**
     * Re-reads a job another server runs, waking waiters when it changed. Never writes: only
     * the job's owner does.
     */
    public synchronized Job refresh(String id) {
        Job known = jobs.get(id);
        try {
            Job onDisk = read(files(id));
            if (!onDisk.equals(known)) {
                jobs.put(id, onDisk);
                notifyAll();
            }
            return onDisk;
        } catch (IOException e) {
            return known;
        }
    }

    /** A new, unused id for a provider. */
    public synchronized String newId(String provider) {
        while (true) {
            byte[] b = new byte[3];
            random.nextBytes(b);
            String id = provider + "-" + HexFormat.of().formatHex(b);
            if (!jobs.containsKey(id) && !Files.exists(root.resolve(id))) {
                return id;
            }
        }
    }

    /** Creates the job directory with its prompt and first record. */
    public synchronized Job create(JobSpec spec, String prompt, Workspace workspace) throws IOException {
        JobDir f = files(spec.id());
        Files.createDirectories(f.dir());
        Job job = new Job(spec, JobState.queued(), null, workspace);
        try {
            StateFiles.replace(f.prompt(), prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            persist(job);
        } catch (IOException | RuntimeException e) {
            // a refused spawn leaves nothing behind: no directory holding half a job
            removeDir(f);
            throw e;
        }
        jobs.put(job.id(), job);
        notifyAll();
        return job;
    }

    public synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** All jobs, oldest first. */
    public synchronized List<Job> all() {
        return List.copyOf(jobs.values());
    }

    /** Applies a change to a job's state, records it durably, and wakes waiters. */
    public synchronized Job updateState(String id, UnaryOperator<JobState> change) {
        Job job = jobs.get(id);
        Job next = job.withState(change.apply(job.state()));
        return replace(next);
    }

    public synchronized Job end(String id, JobState state, AgentReport report, Workspace workspace) {
        // ended here: its outcome is this server's to report, wherever it started
        startedElsewhere.remove(id);
        return replace(jobs.get(id).withEnd(state, report, workspace));
    }

    /**
     * True for a job another server started while this one ran, unless this one ended it: the
     * other server's host reads its outcome, so this server's default listings leave it out.
     */
    public synchronized boolean belongsElsewhere(String id) {
        return startedElsewhere.contains(id);
    }

    /** Records what became of a job's worktree (merged, removed). */
    public synchronized Job updateWorkspace(String id, UnaryOperator<Workspace> change) {
        Job job = jobs.get(id);
        return replace(job.withWorkspace(change.apply(job.workspace())));
    }

    private Job replace(Job next) {
        try {
            persist(next);
        } catch (IOException e) {
            // the in-memory state still moves on; the next write retries the whole record
            LOG.error("cannot write {}: {}", files(next.id()).record(), e.toString());
        }
        jobs.put(next.id(), next);
        notifyAll();
        return next;
    }

    /** Marks the summary as read so default listings stop showing the job. */
    public Job markRead(String id) {
        return updateState(id, JobState::read);
    }

    /** Waits until some job changes or the deadline (System.nanoTime) passes. */
    public synchronized void awaitChange(long deadlineNanos) throws InterruptedException {
        long waitMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (waitMs > 0) {
            wait(waitMs);
        }
    }

    private void persist(Job job) throws IOException {
        StateFiles.replace(files(job.id()).record(), JSON.writeValueAsBytes(job));
    }
}
