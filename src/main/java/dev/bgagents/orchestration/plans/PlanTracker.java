package dev.bgagents.orchestration.plans;

import dev.bgagents.orchestration.api.PlanViews;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.orchestration.core.PlanReading;
import dev.bgagents.orchestration.core.ReviewNotes;
import dev.bgagents.orchestration.core.Summaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a plan's files current as its jobs move: the task's status in {@code status.json}, its
 * {@code NN-<slug>-result.md} when it ends, and the plan's {@code summary.md}. Called before a job
 * is recorded as ended, so a host woken by the end finds the files already written.
 */
public final class PlanTracker implements PlanViews, PlanReading {
    private static final Logger LOG = LoggerFactory.getLogger(PlanTracker.class);

    private final PlanSessions plans;
    private final JobStore store;
    private final Summaries summaries;
    private final ReviewNotes reviews;

    public PlanTracker(PlanSessions plans, JobStore store, Summaries summaries, ReviewNotes reviews) {
        this.plans = plans;
        this.store = store;
        this.summaries = summaries;
        this.reviews = reviews;
    }

    // a job that ends at once is heard ending (finisher thread) before its start is told (launching thread)
    private final java.util.Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public synchronized void started(Job job) {
        if (!ended.contains(job.id())) {
            moved(job, false);
        }
    }

    public synchronized void ending(Job job) {
        ended.add(job.id());
        moved(job, true);
    }

    private void moved(Job job, boolean ended) {
        String session = job.spec().relations().plan();
        if (session == null) {
            return;
        }
        try {
            if (job.spec().relations().reviewOf() != null) {
                // a review speaks for the task only as its review: its verdict shows in the summary
                PlanStatus plan = plans.update(session, p -> p.withTask(job.spec().relations().planTask(), t ->
                        job.spec().relations().reviewOf().equals(t.jobId()) ? t.withReview(job.id()) : t));
                write(plan, Map.of(job.id(), job));
                return;
            }
            PlanStatus plan = plans.update(session, p -> p.withTask(job.spec().relations().planTask(), t ->
                    // the task's job, or a resumed continuation or fallback of it, speaks for the task; an earlier run does not
                    job.id().equals(t.jobId()) || (job.spec().relations().resumeOf() != null && job.spec().relations().resumeOf().equals(t.jobId()))
                            || (job.spec().relations().fallbackOf() != null && job.spec().relations().fallbackOf().equals(t.jobId()))
                            ? t.withJob(job.id(), job.status().wire(),
                            job.workspace() == null ? null : job.workspace().branch()) : t));
            if (ended) {
                var task = plan.task(job.spec().relations().planTask());
                if (task.isPresent() && job.id().equals(task.get().jobId())) {
                    summaries.write(job, plans.dir(session).resolve(task.get().stem() + "-result.md"));
                }
            }
            write(plan, Map.of(job.id(), job));
        } catch (IOException | RuntimeException e) {
            LOG.warn("plan {}: cannot record {}: {}", session, job.id(), e.toString());
        }
    }

    /** Whether {@code job} just succeeded as the run of a plan task that says "Review: yes". */
    public boolean wantsReview(Job job) {
        if (job.spec().relations().plan() == null || job.spec().relations().reviewOf() != null || job.status() != JobStatus.SUCCEEDED
                || job.workspace() == null || job.workspace().diffstat().isEmpty()) {
            return false;
        }
        return plans.load(job.spec().relations().plan()).flatMap(p -> p.task(job.spec().relations().planTask()))
                .map(t -> t.review() && job.id().equals(t.jobId())).orElse(false);
    }

    /** Rewrites the plan's summary.md from its status and the jobs on record. */
    public void refresh(String session) {
        plans.load(session).ifPresent(p -> {
            try {
                write(p, Map.of());
            } catch (IOException e) {
                LOG.warn("plan {}: cannot write summary.md: {}", session, e.toString());
            }
        });
    }

    @Override
    public Optional<PlanRun> run(String session) {
        return plans.load(session).map(p -> {
            List<TaskJob> jobs = new ArrayList<>();
            for (PlanTask t : p.tasks()) {
                Optional.ofNullable(t.jobId()).flatMap(store::get).ifPresent(j -> jobs.add(new TaskJob(t.id(), j)));
            }
            return new PlanRun(session, jobs, PlanSummary.render(p, store::get, summaries.redactor(), reviews));
        });
    }

    @Override
    public Optional<List<Job>> jobs(String session) {
        return plans.load(session).map(p -> p.tasks().stream().map(t -> Optional.ofNullable(t.jobId()).flatMap(store::get))
                .flatMap(Optional::stream).toList());
    }

    @Override
    public Optional<String> summary(String session, int maxChars) {
        return plans.load(session).map(p -> PlanBrief.render(p, store::get, summaries.redactor(), maxChars));
    }

    /** {@code fresher}: jobs whose final form is newer than the store's (they are being ended). */
    private void write(PlanStatus plan, Map<String, Job> fresher) throws IOException {
        plans.write(plan.session(), "summary.md", PlanSummary.render(plan,
                id -> fresher.containsKey(id) ? java.util.Optional.of(fresher.get(id)) : store.get(id), summaries.redactor(), reviews));
    }
}
