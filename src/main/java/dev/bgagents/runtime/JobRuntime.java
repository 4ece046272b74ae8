package dev.bgagents.runtime;

import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.Ending;
import dev.bgagents.process.ProcessControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The job runtime: takes new jobs, starts queued ones in order while fewer than
 * {@code maxConcurrent} run ({@link JobQueue}), runs and finishes them ({@link JobRunner}),
 * cancels, and shares the project with other servers ({@link Coordination}). On start it
 * re-attaches the jobs a previous server left running.
 */
public final class JobRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuntime.class);
    /** Passes run every 200 ms; other servers' jobs are looked at every fifth. */
    private static final int FOLLOW_EVERY_PASSES = 5;

    /** @param killGrace SIGTERM → SIGKILL */
    public record Settings(int maxConcurrent, Duration killGrace) {
    }

    private final JobStore store;
    private final Settings settings;
    private final JobLifecycle lifecycle;
    private final Coordination coordination;
    private final ExitedElsewhere exitedElsewhere;
    private final JobRunner runner;
    private final ProcessControl processes;
    // jobs whose worktree is being checked out: they hold a slot, outside the lock
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService preparers = Executors.newCachedThreadPool(daemon("bg-prepare"));
    private final ExecutorService finishers = Executors.newCachedThreadPool(daemon("bg-finish"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("bg-watchdog"));
    private int passes;

    public JobRuntime(JobStore store, Settings settings, AgentAdapters agents, ProcessControl processes,
                      JobLifecycle lifecycle) {
        this(store, settings, agents, processes, lifecycle, new Ownership());
    }

    JobRuntime(JobStore store, Settings settings, AgentAdapters agents, ProcessControl processes,
               JobLifecycle lifecycle, Owners owners) {
        this.store = store;
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.coordination = new Coordination(store, owners);
        this.exitedElsewhere = new ExitedElsewhere(agents);
        this.processes = processes;
        this.runner = new JobRunner(store, agents, processes, lifecycle, owners, settings.killGrace(), finishers,
                ticker, this::pump);
    }

    /** Re-attaches running jobs from disk, starts queued ones, and begins watching. */
    public void start() {
        for (Job job : store.all()) {
            if (job.status().isActive() && !coordination.claim(job)) {
                LOG.info("job {} is run by another bg-agents server on this project", job.id());
                continue;
            }
            take(job);
        }
        pump();
        ticker.scheduleWithFixedDelay(this::pass, 200, 200, TimeUnit.MILLISECONDS);
        exitedElsewhere.watch(ticker, store, coordination::owns);
    }

    public JobStore store() {
        return store;
    }

    public int maxConcurrent() {
        return settings.maxConcurrent();
    }

    /** A job this server now owns that an earlier one left active ({@link InterruptedStarts}). */
    private void take(Job job) {
        InterruptedStarts.take(job, store, processes, runner);
    }

    /** Records a new job and starts it now if a slot is free; otherwise it waits as queued. */
    public Job submit(JobSpec spec, String prompt, Workspace workspace) throws IOException {
        store.create(spec, prompt, workspace);
        coordination.claim(store.get(spec.id()).orElseThrow());
        pump();
        return store.get(spec.id()).orElseThrow();
    }

    /** Jobs this server runs or will start (queued, preparing, running): what it must not walk away from. */
    public long owned() {
        return store.all().stream().filter(j -> j.status().isActive() && coordination.owns(j.id())).count();
    }

    /** The job as a reader should see it: another server's job whose agent exited reads as ended. */
    public Job asSeen(Job job) {
        boolean theirs = job.status().isActive() && !coordination.owns(job.id());
        return theirs ? exitedElsewhere.ended(job, store.files(job.id())).orElse(job) : job;
    }

    /** Jobs running now on this server. */
    public int running() {
        return runner.running();
    }

    /** True while the job's worktree is being checked out, just before it starts. */
    public boolean preparing(String id) {
        // a job that has started is no longer preparing, whether or not the set says so yet
        return preparing.contains(id) && store.get(id).map(j -> j.status() == JobStatus.QUEUED).orElse(false);
    }

    /** The dependencies of a job that have not succeeded yet. */
    public List<String> waitingFor(Job job) {
        return JobQueue.waitingFor(job, FallbackChain.outcomes(store));
    }

    /**
     * Starts queued jobs, oldest first, while there is room; cancels those that can never start.
     * A job that could not start has ended: its dependents are decided on the next round.
     */
    synchronized void pump() {
        if (preparers.isShutdown() || store.all().stream()
                .noneMatch(j -> j.status() == JobStatus.QUEUED && coordination.owns(j.id()))) {
            return; // closing (the runner starts what waits), or nothing of ours waits
        }
        store.withSlotLock(() -> {
            boolean again = true;
            while (again) {
                cancelBlocked();
                again = false;
                for (Job job : JobQueue.startable(store.all(), coordination::owns, preparing, slotsTaken(),
                        settings.maxConcurrent(), FallbackChain.outcomes(store))) {
                    // the slot is on record before anything starts: the other servers count it, and a
                    // server that dies now leaves a job that is looked for before it is started again
                    // its ports too, so that a spawn answered now can say when it has none
                    String noPorts = PortBlocks.give(store, job).orElse(null);
                    Job taken = store.updateState(job.id(), s -> s.launching(Instant.now()).ports(noPorts));
                    if (taken.workspace() != null && !taken.workspace().checkedOut()) {
                        preparing.add(job.id());
                        preparers.execute(() -> prepareThenLaunch(job.id()));
                    } else {
                        again |= !runner.launch(taken);
                    }
                }
            }
        });
    }

    /** Slots taken in the whole project: every server's running and starting jobs, as on disk now. */
    private int slotsTaken() {
        store.discover();
        int taken = 0;
        for (Job job : store.all()) {
            Job now = job.status().isActive() && !coordination.owns(job.id()) ? store.refresh(job.id()) : job;
            if (now.state().holdsSlot()) {
                taken++;
            }
        }
        return taken;
    }

    private void cancelBlocked() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Job job : store.all()) {
                if (job.status() != JobStatus.QUEUED || !coordination.owns(job.id())) {
                    continue;
                }
                Optional<String> why = JobQueue.blockedBy(job, FallbackChain.outcomes(store))
                        .or(() -> runner.overPlanBudget(job));
                if (why.isPresent()) {
                    LOG.info("job {} cancelled: {}", job.id(), why.get());
                    runner.recordEnd(job.id(), job.state().ended(JobStatus.CANCELLED, null, why.get(), Instant.now()),
                            null, job.workspace());
                    changed = true;
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
            var outcomes = FallbackChain.outcomes(store);
            List<Job> deps = job.spec().dependsOn().stream().map(d -> outcomes.apply(d).orElseThrow()).toList();
            made = lifecycle.prepare(job, deps);
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
                    runner.recordEnd(id, now.state().ended(JobStatus.FAILED, null, "could not prepare its worktree: "
                            + failure.getMessage(), Instant.now()), null, now.workspace());
                } else {
                    runner.launch(now);
                }
            }
            // only now: an observer must never see it neither preparing nor started
            preparing.remove(id);
            pump();
        }
    }

    /**
     * Cancels a job: a queued one never starts; a running one has its whole process group
     * stopped before this returns. A job that already ended is returned as it is.
     */
    public Job cancel(String id) {
        if (!coordination.owns(id) && store.get(id).orElseThrow().status().isActive()) {
            return coordination.cancelElsewhere(id, settings.killGrace().plusSeconds(15));
        }
        synchronized (this) {
            Job job = store.get(id).orElseThrow();
            if (job.status() == JobStatus.QUEUED) {
                Job ended = runner.recordEnd(id, job.state().ended(JobStatus.CANCELLED, null,
                        "cancelled before it started", Instant.now()), null, job.workspace());
                pump();
                return ended;
            }
        }
        if (!runner.stop(id, Ending.terminate(JobStatus.CANCELLED, "cancelled"))) {
            awaitEnd(id, settings.killGrace().plusSeconds(10));
        }
        return store.get(id).orElseThrow();
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

    private void pass() {
        try {
            runner.watch();
        } catch (RuntimeException e) {
            LOG.error("watchdog pass failed", e);
        }
        if (++passes % FOLLOW_EVERY_PASSES == 0) {
            try {
                follow();
            } catch (RuntimeException e) {
                LOG.error("following other servers' jobs failed", e);
            }
        }
    }

    private void follow() {
        Coordination.Look look = coordination.look();
        look.cancel().forEach(id -> finishers.execute(() -> cancel(id)));
        look.adopted().forEach(this::take);
        // a slot another server freed is taken here too
        if (!look.adopted().isEmpty() || store.all().stream().anyMatch(j -> j.status() == JobStatus.QUEUED
                && coordination.owns(j.id()))) {
            pump();
        }
    }

    @Override
    public void close() {
        // running agents are deliberately left alone: they are detached and a later server re-attaches
        ticker.shutdownNow();
        finishers.shutdown();
        preparers.shutdown();
        try {
            // an end being recorded now is finished rather than cut off halfway
            finishers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
