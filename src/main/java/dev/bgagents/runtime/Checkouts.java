package dev.bgagents.runtime;

import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The prepare step: a job's worktree checked out just before it starts — seconds on a large tree,
 * so on threads of its own, outside the runtime's lock, while spawns and cancels go on. The job
 * holds its slot meanwhile, and counts as preparing until whoever is told the result says so.
 */
final class Checkouts {
    /** The worktree made, or why it could not be. */
    record Result(Workspace made, Exception failure) {
    }

    interface Then {
        void prepared(String id, Result result);
    }

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-prepare");
        t.setDaemon(true);
        return t;
    });

    Checkouts(JobStore store, JobLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    /** Prepares the job's worktree (from its dependencies' branches, when it has some), then tells {@code then}. */
    void start(String id, Then then) {
        preparing.add(id);
        threads.execute(() -> {
            Job job = store.get(id).orElseThrow();
            try {
                var outcomes = FallbackChain.outcomes(store);
                List<Job> deps = job.spec().relations().dependsOn().stream().map(d -> outcomes.apply(d).orElseThrow()).toList();
                then.prepared(id, new Result(lifecycle.prepare(job, deps), null));
            } catch (Exception e) {
                then.prepared(id, new Result(null, e));
            }
        });
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
