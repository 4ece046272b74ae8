package dev.bgagents.runtime;

import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The prepare step and the steps before the agent: a job's worktree checked out just before it starts,
 * then what the project does to it first (files copied in, dependencies, setup) — seconds on a large
 * tree, so on threads of its own, outside the runtime's lock, while spawns and cancels go on. The job
 * holds its slot meanwhile, and counts as preparing until whoever is told the result says so.
 */
final class Checkouts {
    private static final Logger LOG = LoggerFactory.getLogger(Checkouts.class);

    interface Then {
        /** How the job stands once prepared: still queued to start, or ended (why, in its reason). */
        void prepared(String id, JobStep.Outcome outcome);
    }

    /** The steps before a job's agent, run on record ({@link StepLoop#beforeAgent}). */
    interface StepsBefore {
        JobStep.Outcome run(String id);
    }

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final StepsBefore before;
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-prepare");
        t.setDaemon(true);
        return t;
    });

    Checkouts(JobStore store, JobLifecycle lifecycle, StepsBefore before) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.before = before;
    }

    /** Prepares the job (its worktree, from its dependencies' branches when it has some; its steps before the agent), then tells {@code then}. */
    void start(String id, Then then) {
        preparing.add(id);
        threads.execute(() -> then.prepared(id, prepare(id)));
    }

    private JobStep.Outcome prepare(String id) {
        Job job = store.get(id).orElseThrow();
        if (job.workspace() != null && !job.workspace().checkedOut()) {
            try {
                var outcomes = FallbackChain.outcomes(store);
                List<Job> deps = job.spec().relations().dependsOn().stream().map(d -> outcomes.apply(d).orElseThrow()).toList();
                Workspace made = lifecycle.prepare(job, deps);
                // recorded even for a job cancelled meanwhile: gc then finds the worktree to remove
                store.updateWorkspace(id, w -> made);
                store.updateState(id, s -> s.stepEnded(StepRecord.PREPARE, 0, Instant.now(), StepRecord.CHECKED_OUT));
            } catch (Exception e) {
                LOG.warn("job {}: worktree not prepared: {}", id, e.toString());
                store.updateState(id, s -> s.stepEnded(StepRecord.PREPARE, 0, Instant.now(), "failed"));
                return JobStep.Outcome.of(JobStatus.FAILED, "could not prepare its worktree: " + e.getMessage(), "failed");
            }
        }
        try {
            return before.run(id);
        } catch (RuntimeException e) {
            LOG.error("preparing " + id + " failed", e);
            return JobStep.Outcome.of(JobStatus.FAILED, "bg-agents could not prepare the job: " + e, "error");
        }
    }

    /** The jobs being prepared, for the queue (they hold their slots). */
    Set<String> ids() {
        return preparing;
    }

    boolean contains(String id) {
        return preparing.contains(id);
    }

    /** Told once the job has started or ended: an observer never sees it neither preparing nor started. */
    void done(String id) {
        preparing.remove(id);
    }

    boolean closed() {
        return threads.isShutdown();
    }

    void close() {
        threads.shutdown();
    }
}
