package dev.bgagents.orchestration;

import dev.bgagents.channel.PersonRequest;
import dev.bgagents.git.GitException;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.bootstrap.Bootstraps;
import dev.bgagents.orchestration.core.Summaries;
import dev.bgagents.orchestration.core.WorkspaceProvisioner;
import dev.bgagents.orchestration.fallback.Fallbacks;
import dev.bgagents.orchestration.plans.PlanTracker;
import dev.bgagents.orchestration.review.Reviews;
import dev.bgagents.git.Workspace;
import dev.bgagents.runtime.JobLifecycle;
import dev.bgagents.runtime.JobStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The moments of a job's life, as this project handles them. The runtime is handed this before the
 * rooms that answer some moments exist (they are built on the runtime), so those are given by
 * {@link #rooms} once the engine has made them — always before the runtime starts.
 */
final class ProjectLifecycle implements JobLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectLifecycle.class);

    private final Bootstraps bootstraps;
    private final Summaries summaries;
    private final JobStore store;
    /** What follows each agent round: its work sealed, then checked, then delivered (or a conflict round's). */
    private List<JobStep> afterAgent;
    private PlanTracker tracker;
    private Fallbacks fallbacks;
    private Reviews reviews;
    private List<Consumer<Job>> endListeners;

    private final List<BiConsumer<Job, PersonRequest>> waitListeners;

    ProjectLifecycle(Bootstraps bootstraps, Summaries summaries, JobStore store,
                     List<BiConsumer<Job, PersonRequest>> waitListeners) {
        this.waitListeners = waitListeners;
        this.bootstraps = bootstraps;
        this.summaries = summaries;
        this.store = store;
    }

    void rooms(List<JobStep> afterAgent, PlanTracker tracker, Fallbacks fallbacks, Reviews reviews, List<Consumer<Job>> endListeners) {
        this.afterAgent = List.copyOf(afterAgent);
        this.tracker = tracker;
        this.fallbacks = fallbacks;
        this.reviews = reviews;
        this.endListeners = endListeners;
    }

    @Override
    public Workspace prepare(Job job, List<Job> dependencies) throws GitException {
        return WorkspaceProvisioner.prepare(job, dependencies);
    }

    @Override
    public List<JobStep> stepsBeforeAgent(Job job) {
        return bootstraps.steps();
    }

    @Override
    public void started(Job job) {
        tracker.started(job);
    }

    @Override
    public void waiting(Job job, PersonRequest request) {
        waitListeners.forEach(l -> l.accept(job, request));
    }

    @Override
    public List<JobStep> stepsAfterAgent(Job job) {
        return afterAgent;
    }

    @Override
    public JobState ending(Job ended) {
        // first of all: a cancel that came as it failed for its provider ends its chain with it, cancelled
        Job job = fallbacks.stopped(ended);
        try {
            summaries.write(job, store.files(job.id()).summary());
        } catch (IOException e) {
            LOG.warn("cannot write summary of {}: {}", job.id(), e.toString());
        }
        tracker.ending(job);
        // the next job of its chain is on record before this one's end is: waiters follow it
        fallbacks.after(job);
        return job.state();
    }

    @Override
    public void ended(Job job) {
        if (tracker.wantsReview(job)) {
            try {
                Job review = reviews.start(new Spawning.ReviewRequest(job.id(), null, null, null, null)).job();
                LOG.info("plan {}: {} reviews task {} ({})", job.spec().relations().plan(), review.id(),
                        job.spec().relations().planTask(), job.id());
            } catch (Refusal e) {
                LOG.warn("plan {}: no review of {}: {}", job.spec().relations().plan(), job.id(), e.getMessage());
            }
        }
        try {
            fallbacks.tidy(job);
        } catch (RuntimeException e) {
            LOG.warn("tidying the worktree of {} failed: {}", job.id(), e.toString());
        }
        endListeners.forEach(l -> l.accept(job));
    }
}
