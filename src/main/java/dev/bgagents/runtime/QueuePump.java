package dev.bgagents.runtime;

import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * Moves this server's queued jobs on: starts them, oldest first, while there is room
 * ({@link JobQueue} decides which), cancels those that can never start, and starts a job whose
 * worktree was checked out meanwhile. One lock for all of it, so that a job is taken from the
 * queue once — by a start or by a cancel, never both.
 */
final class QueuePump {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePump.class);

    private final JobStore store;
    private final JobRuntime.Settings settings;
    private final Coordination coordination;
    private final JobRunner runner;
    private final Checkouts checkouts;

    QueuePump(JobStore store, JobRuntime.Settings settings, Coordination coordination, JobRunner runner,
              Checkouts checkouts) {
        this.store = store;
        this.settings = settings;
        this.coordination = coordination;
        this.runner = runner;
        this.checkouts = checkouts;
    }

    /**
     * Starts queued jobs, oldest first, while there is room; cancels those that can never start.
     * A job that could not start has ended: its dependents are decided on the next round.
     */
    synchronized void pump() {
        if (checkouts.closed() || store.all().stream()
                .noneMatch(j -> j.status() == JobStatus.QUEUED && coordination.owns(j.id()))) {
            return; // closing (the runner starts what waits), or nothing of ours waits
        }
        store.withSlotLock(() -> {
            boolean again = true;
            while (again) {
                cancelBlocked();
                again = false;
                for (Job job : JobQueue.startable(store.all(), coordination::owns, checkouts.ids(), coordination.slotsTaken(),
                        settings.maxConcurrent(), FallbackChain.outcomes(store), settings.remoteCaps())) {
                    // the slot is on record before anything starts: the other servers count it, and a
                    // server that dies now leaves a job that is looked for before it is started again
                    // its ports too, so that a spawn answered now can say when it has none
                    String noPorts = job.spec().runner() != null ? null : PortBlocks.give(store, job).orElse(null);
                    Instant at = Instant.now();
                    boolean checkout = job.workspace() != null && !job.workspace().checkedOut();
                    Job taken = store.updateState(job.id(), s -> (checkout
                            ? s.launching(at).stepStarted(StepRecord.PREPARE, 0, at) : s.launching(at)).ports(noPorts));
                    if (checkout || runner.hasStepsBeforeAgent(taken)) {
                        checkouts.start(job.id(), this::prepared);
                    } else {
                        again |= !runner.launch(taken);
                    }
                }
            }
        });
    }

    /** Ends a job that is still queued as cancelled, so it never starts; false when it is no longer queued. */
    synchronized boolean cancelQueued(String id) {
        Job job = store.get(id).orElseThrow();
        if (job.status() != JobStatus.QUEUED) {
            return false;
        }
        runner.recordEnd(id, job.state().ended(JobStatus.CANCELLED, null, "cancelled before it started",
                Instant.now()), null, job.workspace());
        pump();
        return true;
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
     * A job's worktree is checked out and its steps before the agent ran ({@link Checkouts}), or one of
     * them ended it: it starts now unless it ended or was cancelled meanwhile.
     */
    private synchronized void prepared(String id, JobStep.Outcome outcome) {
        Job now = store.get(id).orElseThrow();
        if (now.status() == JobStatus.QUEUED) {
            if (outcome.status().isTerminal()) {
                LOG.info("job {} {} before its agent started: {}", id, outcome.status().wire(), outcome.reason());
                runner.recordEnd(id, now.state().ended(outcome.status(), null, outcome.reason(), Instant.now()), null,
                        now.workspace());
            } else {
                runner.launch(now);
            }
        }
        checkouts.done(id);
        pump();
    }
}
