package dev.bgagents.runtime;

import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.process.Ending;
import dev.bgagents.process.ProcessControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The job runtime: takes new jobs, starts queued ones in order while fewer than
 * {@code maxConcurrent} run ({@link QueuePump}), runs and finishes them ({@link JobRunner}),
 * cancels, and shares the project with other servers ({@link Coordination}). On start it
 * re-attaches the jobs a previous server left running.
 */
public final class JobRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuntime.class);
    /** Passes run every 200 ms; other servers' jobs are looked at every fifth. */
    private static final int FOLLOW_EVERY_PASSES = 5;

    /** killGrace: SIGTERM → SIGKILL; confinement: what confines the agents of read-only and workspace-write jobs;
     *  remoteCaps: provider → how many of its jobs run on a cluster at once (absent: JobQueue.REMOTE_CAP). */
    public record Settings(int maxConcurrent, Duration killGrace, AgentConfinement confinement,
                           java.util.Map<String, Integer> remoteCaps) {
        /** Agents unconfined: for a runtime whose processes are fakes. */
        public Settings(int maxConcurrent, Duration killGrace) {
            this(maxConcurrent, killGrace, AgentConfinement.NONE, java.util.Map.of());
        }
    }

    private final JobStore store;
    private final Settings settings;
    private final JobLifecycle lifecycle;
    private final Coordination coordination;
    private final ExitedElsewhere exitedElsewhere;
    private final JobRunner runner;
    private final ProcessControl processes;
    private final Checkouts checkouts;
    private final QueuePump queue;
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
        this.runner = new JobRunner(store, agents, processes, lifecycle, owners, settings, finishers,
                ticker, this::pump);
        this.checkouts = new Checkouts(store, lifecycle, runner::stepsBeforeAgent);
        this.queue = new QueuePump(store, settings, coordination, runner, checkouts);
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
        return checkouts.contains(id) && store.get(id).map(j -> j.status() == JobStatus.QUEUED).orElse(false);
    }

    /** The dependencies of a job that have not succeeded yet. */
    public List<String> waitingFor(Job job) {
        return JobQueue.waitingFor(job, FallbackChain.outcomes(store));
    }

    /** Starts queued jobs while there is room ({@link QueuePump}). */
    void pump() {
        queue.pump();
    }

    /**
     * Cancels a job: a queued one never starts; a running one has its whole process group
     * stopped before this returns. A job that already ended is returned as it is.
     */
    public Job cancel(String id) {
        if (!coordination.owns(id) && store.get(id).orElseThrow().status().isActive()) {
            return coordination.cancelElsewhere(id, settings.killGrace().plusSeconds(15));
        }
        if (queue.cancelQueued(id)) {
            // a step before the agent (its setup) stops what it runs once it sees the end: answered after that
            awaitWhile(id, j -> checkouts.contains(id) && j.state().unfinishedStep()
                    .filter(s -> !s.name().equals(StepRecord.PREPARE)).isPresent(), settings.killGrace().plusSeconds(10));
        } else if (!runner.stop(id, Ending.terminate(JobStatus.CANCELLED, "cancelled"))) {
            awaitWhile(id, j -> j.status().isActive(), settings.killGrace().plusSeconds(10));
        }
        return store.get(id).orElseThrow();
    }

    private void awaitWhile(String id, java.util.function.Predicate<Job> still, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            for (long seen = store.changes(); still.test(store.get(id).orElseThrow()) && System.nanoTime() < deadline;
                    seen = store.changes()) {
                store.awaitChange(seen, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pass() {
        guarded("watchdog pass", runner::watch);
        if (++passes % FOLLOW_EVERY_PASSES == 0) {
            guarded("following other servers' jobs", this::follow);
        }
    }

    private static void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error(what + " failed", e);
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
        checkouts.close();
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
