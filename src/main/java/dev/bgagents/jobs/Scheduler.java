package dev.bgagents.jobs;

import dev.bgagents.project.JobDir;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs jobs: starts queued ones in order while fewer than {@code max_concurrent} run, watches
 * the running ones through the {@link Watchdog}, cancels, and finishes each job exactly once —
 * every process it started stopped, its report parsed, its record final.
 * On start it re-attaches the jobs a previous server left running.
 * <p>
 * Several servers may share a project (one per host session). Each runs only the jobs it owns
 * ({@link JobOwnership}), follows the others' from their records, forwards a cancel to the
 * owner, and takes over the jobs of a server that died.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int STDERR_TAIL_BYTES = 4096;
    /** Passes run every 200 ms; other servers' jobs are looked at every fifth. */
    private static final int FOLLOW_EVERY_PASSES = 5;

    private final JobStore store;
    private final Config config;
    private final Providers providers;
    private final Consumer<Job> onEnded;
    private volatile WorkspaceSealer sealer = (job, report) -> job.workspace();
    private volatile Consumer<Job> beforeEnd = job -> { };
    private volatile Consumer<Job> onStart = job -> { };
    private volatile WorkspacePreparer preparer = (job, deps) -> {
        throw new IllegalStateException("no preparer for the deferred worktree of " + job.id());
    };
    private final Map<String, ActiveJob> active = new ConcurrentHashMap<>();
    private final JobOwnership ownership = new JobOwnership();
    // jobs whose worktree is being checked out: they hold a slot, outside the lock
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService preparers = Executors.newCachedThreadPool(daemon("bg-prepare"));
    private int passes;
    private final Watchdog watchdog;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("bg-watchdog"));
    private final ExecutorService finishers = Executors.newCachedThreadPool(daemon("bg-finish"));

    public Scheduler(JobStore store, Config config, Providers providers, Consumer<Job> onEnded) {
        this.store = store;
        this.config = config;
        this.providers = providers;
        this.onEnded = onEnded;
        this.watchdog = new Watchdog(store, (a, ending) -> finishers.execute(() -> finish(a, ending)));
    }

    /**
     * Saves what an ended agent left in its worktree (commit leftovers, record commits and
     * diffstat) before the job is marked ended, so a waiter never sees an ended job with
     * uncommitted work.
     */
    public interface WorkspaceSealer {
        Workspace seal(Job job, AgentReport report);
    }

    public void sealWith(WorkspaceSealer s) {
        this.sealer = s;
    }

    /**
     * Makes the worktree of a job that waited for others, at the moment it starts: from its
     * dependencies' branches, so it builds on their work. A failure is one line for the job's reason.
     */
    public interface WorkspacePreparer {
        Workspace prepare(Job job, List<Job> dependencies) throws Exception;
    }

    public void prepareWith(WorkspacePreparer p) {
        this.preparer = p;
    }

    /** Called with a job once it is running. */
    public void onStart(Consumer<Job> hook) {
        this.onStart = hook;
    }

    /**
     * Called with a job's final form just before it is recorded as ended, so what it writes (the
     * summary file) exists by the time any waiter sees the job ended.
     */
    public void beforeEnd(Consumer<Job> hook) {
        this.beforeEnd = hook;
    }

    /** Records a job's end: files first, then the record, then the listeners. */
    private Job recordEnd(String id, JobState state, AgentReport report, Workspace workspace) {
        Job job = store.get(id).orElseThrow();
        try {
            beforeEnd.accept(new Job(job.spec(), state, report, workspace));
        } catch (RuntimeException e) {
            LOG.warn("before-end hook of {} failed: {}", id, e.toString());
        }
        Job ended = store.end(id, state, report, workspace);
        ownership.release(id);
        onEnded.accept(ended);
        return ended;
    }

    /** Re-attaches running jobs from disk, starts queued ones, and begins watching. */
    public void start() {
        for (Job job : store.all()) {
            if (job.status().isActive() && !claim(job)) {
                LOG.info("job {} is run by another bg-agents server on this project", job.id());
                continue;
            }
            if (job.status() == JobStatus.RUNNING) {
                attach(job, null);
            }
        }
        pump();
        ticker.scheduleWithFixedDelay(this::pass, 200, 200, TimeUnit.MILLISECONDS);
    }

    public JobStore store() {
        return store;
    }

    public Config config() {
        return config;
    }

    /** Records a new job and starts it now if a slot is free; otherwise it waits as queued. */
    public Job submit(JobSpec spec, String prompt) throws IOException {
        return submit(spec, prompt, null);
    }

    public Job submit(JobSpec spec, String prompt, Workspace workspace) throws IOException {
        store.create(spec, prompt, workspace);
        claim(store.get(spec.id()).orElseThrow());
        pump();
        return store.get(spec.id()).orElseThrow();
    }

    /**
     * Starts queued jobs, oldest first, while there is room; a job waits until every job it
     * depends on succeeded, and is cancelled when one of them ended otherwise.
     */
    public synchronized void pump() {
        boolean again = true;
        while (again) {
            cancelBlocked();
            again = false;
            for (Job job : store.all()) {
                if (active.size() + preparing.size() >= config.maxConcurrent()) {
                    return;
                }
                if (job.status() != JobStatus.QUEUED || !ownership.owns(job.id()) || preparing.contains(job.id())
                        || !waitingFor(job).isEmpty()) {
                    continue;
                }
                if (job.workspace() != null && job.workspace().baseCommit() == null) {
                    preparing.add(job.id());
                    preparers.execute(() -> prepareThenLaunch(job.id()));
                } else {
                    // a job that could not start has ended: its dependents are decided on the next round
                    again |= !launch(job);
                }
            }
        }
    }

    /** True while the job's worktree is being checked out, just before it starts. */
    public boolean preparing(String id) {
        return preparing.contains(id);
    }

    /** The dependencies of a job that have not succeeded yet. */
    public List<String> waitingFor(Job job) {
        return job.spec().dependsOn().stream()
                .filter(d -> store.get(d).map(j -> j.status() != JobStatus.SUCCEEDED).orElse(true))
                .toList();
    }

    private void cancelBlocked() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Job job : store.all()) {
                if (job.status() != JobStatus.QUEUED || !ownership.owns(job.id())) {
                    continue;
                }
                for (String d : job.spec().dependsOn()) {
                    Job dep = store.get(d).orElse(null);
                    if (dep == null || (dep.status().isTerminal() && dep.status() != JobStatus.SUCCEEDED)) {
                        String why = "blocked by job " + d + " (" + (dep == null ? "gone" : dep.status().wire()) + ")";
                        LOG.info("job {} cancelled: {}", job.id(), why);
                        recordEnd(job.id(), job.state().ended(JobStatus.CANCELLED, null, why, Instant.now()), null,
                                job.workspace());
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * Checks a job's worktree out — seconds on a large tree, so outside the lock, with spawns and
     * cancels going on — then starts the job unless it was cancelled meanwhile.
     */
    private void prepareThenLaunch(String id) {
        Job job = store.get(id).orElseThrow();
        Workspace made = null;
        Exception failure = null;
        try {
            List<Job> deps = job.spec().dependsOn().stream().map(d -> store.get(d).orElseThrow()).toList();
            made = preparer.prepare(job, deps);
        } catch (Exception e) {
            failure = e;
        }
        synchronized (this) {
            Job now = store.get(id).orElseThrow();
            if (made != null) {
                Workspace result = made;
                // recorded even for a job cancelled meanwhile: gc then finds the worktree to remove
                now = store.updateWorkspace(id, w -> result);
            }
            if (now.status() == JobStatus.QUEUED) {
                if (failure != null) {
                    LOG.warn("job {}: worktree not prepared: {}", id, failure.toString());
                    recordEnd(id, now.state().ended(JobStatus.FAILED, null, "could not prepare its worktree: "
                            + failure.getMessage(), Instant.now()), null, now.workspace());
                } else {
                    launch(now);
                }
            }
            // only now: an observer must never see it neither preparing nor started
            preparing.remove(id);
            pump();
        }
    }

    /** Starts a job; false when it could not start and was recorded as failed. */
    private boolean launch(Job job) {
        JobDir files = store.files(job.id());
        Map<String, String> env = new HashMap<>(job.spec().env());
        ProviderConfig pc = config.provider(job.spec().provider());
        if (pc != null) {
            env.putAll(pc.env());
        }
        try {
            Launcher.Launched l = Launcher.launch(files, job.spec(), env, job.spec().unsetEnv());
            Job running = store.updateState(job.id(), s -> s.running(l.pid(), l.startTicks(), Instant.now()));
            attach(running, l.process());
            l.process().onExit().thenRun(() -> ticker.execute(this::pass));
            try {
                onStart.accept(running);
            } catch (RuntimeException e) {
                LOG.warn("start hook of {} failed: {}", job.id(), e.toString());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            Instant now = Instant.now();
            recordEnd(job.id(), job.state().ended(JobStatus.FAILED, null, "could not start: " + e.getMessage(), now),
                    null, job.workspace());
            return false;
        }
    }

    private void attach(Job job, Process process) {
        JobDir files = store.files(job.id());
        var parser = providers.cli(job.spec().provider())
                .orElseThrow(() -> new IllegalStateException("no adapter for " + job.spec().provider()))
                .newParser();
        active.put(job.id(), new ActiveJob(job, process, files, new OutputFollower(files.stdout(), parser)));
    }

    private boolean claim(Job job) {
        return ownership.acquire(job.id(), store.files(job.id()));
    }

    private void pass() {
        try {
            watchdog.pass(active.values());
        } catch (RuntimeException e) {
            LOG.error("watchdog pass failed", e);
        }
        if (++passes % FOLLOW_EVERY_PASSES == 0) {
            try {
                followOthers();
            } catch (RuntimeException e) {
                LOG.error("following other servers' jobs failed", e);
            }
        }
    }

    /**
     * Reads in the jobs other servers started, follows their records, takes over those whose
     * server died, and carries out cancels other servers asked for on jobs this one runs.
     */
    private void followOthers() {
        store.discover();
        boolean adopted = false;
        for (Job job : store.all()) {
            if (job.status().isTerminal()) {
                continue;
            }
            if (ownership.owns(job.id())) {
                Path request = store.files(job.id()).cancelRequest();
                if (Files.exists(request)) {
                    try {
                        Files.delete(request);
                        finishers.execute(() -> cancel(job.id()));
                    } catch (IOException e) {
                        LOG.warn("cannot take the cancel request of {}: {}", job.id(), e.toString());
                    }
                }
                continue;
            }
            Job now = store.refresh(job.id());
            if (now.status().isActive() && claim(now)) {
                // its owner may have recorded the end just before it let go
                now = store.refresh(job.id());
                if (now.status().isTerminal()) {
                    ownership.release(job.id());
                    continue;
                }
                LOG.info("job {}: the server that ran it is gone; this one takes it over", job.id());
                if (now.status() == JobStatus.RUNNING) {
                    attach(now, null);
                }
                adopted = true;
            }
        }
        if (adopted) {
            pump();
        }
    }

    /**
     * Cancels a job: a queued one never starts; a running one has its whole process group
     * stopped before this returns. A job that already ended is returned as it is.
     */
    public Job cancel(String id) {
        if (!ownership.owns(id) && store.get(id).orElseThrow().status().isActive()) {
            return cancelElsewhere(id);
        }
        synchronized (this) {
            Job job = store.get(id).orElseThrow();
            if (job.status() == JobStatus.QUEUED) {
                Job ended = recordEnd(id, job.state().ended(JobStatus.CANCELLED, null, "cancelled before it started",
                        Instant.now()), null, job.workspace());
                pump();
                return ended;
            }
        }
        ActiveJob a = active.get(id);
        if (a != null) {
            ActiveJob.Ending ending = ActiveJob.Ending.terminate(JobStatus.CANCELLED, "cancelled");
            if (a.ending.compareAndSet(null, ending)) {
                finish(a, ending);
            } else {
                awaitEnd(id, grace().plusSeconds(10));
            }
        }
        return store.get(id).orElseThrow();
    }

    /** Asks the server that runs the job to cancel it, and waits until its record says it ended. */
    private Job cancelElsewhere(String id) {
        try {
            Files.writeString(store.files(id).cancelRequest(), "cancel requested by pid "
                    + ProcessHandle.current().pid() + " at " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask the server running " + id + " to cancel it: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + grace().plusSeconds(15).toNanos();
        Job job = store.refresh(id);
        while (job.status().isActive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = ownership.owns(id) ? store.get(id).orElseThrow() : store.refresh(id);
        }
        return job;
    }

    private void awaitEnd(String id, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (store.get(id).orElseThrow().status().isActive() && System.nanoTime() < deadline) {
                store.awaitChange(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends a job once: stop what is left of it, read its output to the end, record the outcome. */
    private void finish(ActiveJob a, ActiveJob.Ending ending) {
        try {
            GroupKiller.Outcome kill = GroupKiller.kill(a.pid, a.startTicks, grace());
            a.follower.drain();
            a.stderrFollower.drain();
            Integer exit = readExit(a.files.exit());
            AgentReport report = a.follower.parser().finish(exit, tail(a.files.stderr()));
            JobStatus status;
            String reason;
            switch (ending.kind()) {
                case NATURAL -> {
                    status = report.succeeded() ? JobStatus.SUCCEEDED : JobStatus.FAILED;
                    reason = report.reason();
                    if (!kill.nothingToKill()) {
                        reason = (reason == null ? "" : reason + "; ") + "left processes behind: " + kill.describe();
                    }
                }
                case LOST -> {
                    status = JobStatus.LOST;
                    reason = "the agent's process vanished without an exit record";
                }
                default -> {
                    status = ending.status();
                    reason = ending.reason() + (kill.nothingToKill() ? "" : ": " + kill.describe());
                }
            }
            Job job = store.get(a.id).orElseThrow();
            Workspace workspace = job.workspace() == null ? null : sealSafely(job, report);
            var state = job.state().activity(report.sessionId(), a.follower.parser().lastActivity())
                    .ended(status, exit, reason, Instant.now());
            LOG.info("job {} {}{}", a.id, status.wire(), reason == null ? "" : ": " + reason);
            recordEnd(a.id, state, report, workspace);
            active.remove(a.id);
        } catch (RuntimeException e) {
            // never leave a "running" record with nothing behind it
            LOG.error("finishing job " + a.id + " failed", e);
            Job job = store.get(a.id).orElseThrow();
            recordEnd(a.id, job.state().ended(JobStatus.FAILED, readExit(a.files.exit()),
                    "bg-agents could not finish the job: " + e, Instant.now()), job.report(), job.workspace());
            active.remove(a.id);
        } finally {
            pump();
        }
    }

    private Workspace sealSafely(Job job, AgentReport report) {
        try {
            return sealer.seal(job, report);
        } catch (RuntimeException e) {
            LOG.error("saving the worktree of " + job.id() + " failed", e);
            return job.workspace();
        }
    }

    private Duration grace() {
        return Duration.ofMillis(Math.round(config.killGraceSeconds() * 1000));
    }

    static Integer readExit(Path exit) {
        try {
            return Integer.valueOf(Files.readString(exit).strip());
        } catch (IOException | NumberFormatException none) {
            return null;
        }
    }

    /** The last few KB of a file, for error messages. */
    static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - STDERR_TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException none) {
            return "";
        }
    }

    public List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    @Override
    public void close() {
        // running agents are deliberately left alone: they are detached and a later server re-attaches
        ticker.shutdownNow();
        finishers.shutdown();
        preparers.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
