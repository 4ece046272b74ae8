package dev.bgagents.jobs;

import dev.bgagents.project.JobDir;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The durable journal of jobs: one directory per job under {@code .context/jobs/}, its
 * {@code job.json} always replaced whole (temp file, fsync, atomic rename; {@link JobRecordWrites})
 * so a crash at any moment leaves either the old record or the new one, never half of one.
 * Every change wakes the threads waiting in {@link #awaitChange}.
 */
public final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    /** Job ids are what we generate: provider, dash, hex. Anything else (../, slashes) is refused. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,30}-[0-9a-f]{6}");

    private final Path root;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Set<String> startedElsewhere = new HashSet<>();
    private final JobIds ids = new JobIds();
    private final SettledJobs settled;
    private final JobRecordWrites writes;
    private final NewJobDirs newDirs;
    // settled long ago: on disk, not read, until a lookup by id or everything() needs them
    private final Set<String> unread = new HashSet<>();
    private final JobChanges changes = new JobChanges();

    public JobStore(Path jobsDir) {
        this.root = jobsDir;
        this.settled = new SettledJobs(jobsDir.resolveSibling("settled-jobs.tsv"));
        this.newDirs = new NewJobDirs(jobsDir);
        this.writes = new JobRecordWrites(this::files, settled);
    }

    public Path root() {
        return root;
    }

    public JobDir files(String id) {
        return new JobDir(root.resolve(id));
    }

    /**
     * Reads every job directory but those settled long ago (see {@link SettledJobs}); a record
     * that cannot be read is reported and skipped, never fatal. Read in parallel.
     */
    public synchronized List<String> load() throws IOException {
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        if (!Files.isDirectory(root)) {
            return problems;
        }
        Map<String, Instant> settledLongAgo = settled.endedBefore(SettledJobs.cutoff());
        List<String> toRead = new ArrayList<>();
        var modified = newDirs.modified();
        JobRecords.dirs(root).forEach(d -> (settledLongAgo.containsKey(d.getFileName().toString()) ? unread : toRead)
                .add(d.getFileName().toString()));
        List<Job> loaded = JobRecords.readAtStart(toRead.stream().map(root::resolve).toList(), problems);
        loaded.forEach(j -> jobs.put(j.id(), j));
        newDirs.listed(modified, toRead.stream().filter(id -> !jobs.containsKey(id)).toList());
        // records settled before the journal existed (or its line was lost) get their line now
        settled.add(loaded);
        problems.forEach(LOG::warn);
        return List.copyOf(problems);
    }

    /** Jobs on disk left unread because they settled long ago: what default listings leave out. */
    public synchronized int settledUnread() {
        return unread.size();
    }

    /** Every job, however old, oldest first: reads in the ones settled long ago. */
    public synchronized List<Job> everything() {
        readIn(List.copyOf(unread));
        return all();
    }

    /** Reads these settled-long-ago records in. */
    private void readIn(List<String> ids) {
        JobRecords.readInto(jobs, ids.stream().map(root::resolve).toList());
        ids.forEach(unread::remove);
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
        try {
            NewJobDirs.Found f = newDirs.read(id -> jobs.containsKey(id) || unread.contains(id), settled);
            unread.addAll(f.settledLongAgo());
            found.addAll(f.jobs());
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.toString());
        }
        found.forEach(j -> {
            jobs.put(j.id(), j);
            startedElsewhere.add(j.id());
        });
        if (!found.isEmpty()) {
            changes.changed();
        }
        return found;
    }

    /**
     * Re-reads a job another server runs, waking waiters when it changed. Never writes: only
     * the job's owner does.
     */
    public synchronized Job refresh(String id) {
        Job known = jobs.get(id);
        if (writes.unwritten(id)) {
            return known; // the disk copy is older than what this server knows
        }
        try {
            Job onDisk = JobRecords.read(files(id));
            if (!onDisk.equals(known)) {
                jobs.put(id, onDisk);
                changes.changed();
            }
            return onDisk;
        } catch (IOException e) {
            return known;
        }
    }

    /** A new, unused id for a provider. */
    public synchronized String newId(String provider) {
        return ids.fresh(provider, id -> jobs.containsKey(id) || Files.exists(root.resolve(id)));
    }

    /** Creates the job directory with its prompt and first record. */
    public synchronized Job create(JobSpec spec, String prompt, Workspace workspace) throws IOException {
        Job job = writes.create(new Job(spec, JobState.queued(), null, workspace), prompt);
        jobs.put(job.id(), job);
        changes.changed();
        return job;
    }

    public synchronized Optional<Job> get(String id) {
        if (unread.contains(id)) {
            readIn(List.of(id)); // an id from long ago: that record alone
        }
        return Optional.ofNullable(jobs.get(id));
    }

    /** The jobs read in, oldest first: every job but those settled long ago ({@link #everything} has those). */
    public synchronized List<Job> all() {
        return List.copyOf(jobs.values());
    }

    /** Applies a change to a job's state, records it durably, and wakes waiters. */
    public synchronized Job updateState(String id, UnaryOperator<JobState> change) {
        return mutate(id, job -> job.withState(change.apply(job.state())));
    }

    public synchronized Job end(String id, JobState state, AgentReport report, Workspace workspace) {
        // ended here: its outcome is this server's to report, wherever it started
        startedElsewhere.remove(id);
        // a merge recorded by another server while the job ran stays recorded
        return mutate(id, job -> job.withEnd(state, report, workspace == null ? null
                : workspace.keepingMergeOf(job.workspace())));
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
        return mutate(id, job -> job.withWorkspace(change.apply(job.workspace())));
    }

    /** Changes a record as it is on disk now ({@link JobRecordWrites#change}) and wakes waiters. */
    private Job mutate(String id, UnaryOperator<Job> change) {
        Job next = writes.change(id, jobs.get(id), change);
        jobs.put(next.id(), next);
        changes.changed();
        return next;
    }

    /**
     * Runs {@code decide} holding the project's slot lock: every server sharing the project
     * decides what to start under it, so together they never run more than the cap.
     */
    public void withSlotLock(Runnable decide) {
        // beside the jobs directory, which holds one directory per job and nothing else; with no
        // state directory yet no lock is taken, as no other server has a job to start either
        try (RecordLock ignored = RecordLock.take(root.resolveSibling("slots.lock"))) {
            decide.run();
        }
    }

    /** Whether the job's last change could not be written (a full or read-only disk). */
    public synchronized boolean unwritten(String id) {
        return writes.unwritten(id);
    }

    /** Marks the summary as read so default listings stop showing the job. */
    public Job markRead(String id) {
        return updateState(id, JobState::read);
    }

    /** Wakes the waiters: something a record does not show yet changed (another server's agent exited). */
    public synchronized void changed() {
        changes.changed();
    }

    /** The count of changes so far: read it before looking at the jobs, and wait on it. */
    public long changes() {
        return changes.count();
    }

    /** Waits until there was a change since {@code seen} (from {@link #changes()}) or the deadline (System.nanoTime) passes. */
    public void awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        changes.await(seen, deadlineNanos);
    }
}
