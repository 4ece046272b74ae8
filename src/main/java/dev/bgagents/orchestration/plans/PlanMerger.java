package dev.bgagents.orchestration.plans;

import dev.bgagents.git.GitException;
import dev.bgagents.git.MergeForecast;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.PlanMerge.State;
import dev.bgagents.orchestration.api.PlanMerge.Task;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * merge_worktree {session}: the plan's finished tasks merged in wave order, each through
 * {@code perTask} — the one seam where a merge that resolves conflicts can take the plain one's
 * place. Each task's merge is whole or nothing, so a refusal stops there with the target as the
 * tasks before it left it; tasks not finished are skipped and named; a task merged by an earlier
 * call is recognised, so calling again after a stop goes on with the rest. A dry run forecasts
 * every task against the target as the tasks before it would leave it.
 */
public final class PlanMerger {
    private final PlanSessions plans;
    private final JobStore store;
    private final Merging perTask;

    public PlanMerger(PlanSessions plans, JobStore store, Merging perTask) {
        this.plans = plans;
        this.store = store;
        this.perTask = perTask;
    }

    public PlanMerge.Outcome merge(PlanMerge.Request r) {
        PlanStatus plan = plans.load(r.session()).orElseThrow(() -> new Refusal("unknown plan session "
                + Refusal.quoted(r.session()) + ": pass the session decompose_plan answered with"));
        List<Task> out = new ArrayList<>();
        String stoppedAt = null;
        java.util.Map<java.nio.file.Path, MergeForecast> forecasts = new java.util.HashMap<>();
        try {
            for (List<String> wave : plan.waves()) {
                for (String id : wave) {
                    PlanTask t = plan.task(id).orElseThrow();
                    Task done;
                    if (stoppedAt != null) {
                        done = new Task(t.stem(), t.jobId(), State.NOT_TRIED, null, null, null, "after the stop");
                    } else {
                        Optional<Task> skipped = unmergeable(t, r.into());
                        if (skipped.isPresent()) {
                            done = skipped.get();
                        } else if (r.dryRun()) {
                            done = forecast(t, r, forecasts);
                        } else {
                            done = mergeOne(t, r);
                            stoppedAt = done.state() == State.REFUSED ? t.stem() : null;
                        }
                    }
                    out.add(done);
                }
            }
        } catch (GitException e) {
            throw new Refusal(e.getMessage());
        } finally {
            forecasts.values().forEach(MergeForecast::close);
        }
        String into = r.into() != null ? r.into() : out.stream().map(Task::jobId).filter(java.util.Objects::nonNull)
                .map(store::get).flatMap(Optional::stream).map(Job::workspace).filter(java.util.Objects::nonNull)
                .map(Workspace::baseRef).findFirst().orElse(null);
        return new PlanMerge.Outcome(plan.session(), into, r.dryRun(), out, stoppedAt);
    }

    /** Why a task is not merged now without asking git — not run, not finished, failed, merged already — or empty. */
    private Optional<Task> unmergeable(PlanTask t, String into) {
        Optional<Job> asked = Optional.ofNullable(t.jobId()).flatMap(store::get).map(j -> store.refresh(j.id()));
        if (asked.isEmpty()) {
            return Optional.of(new Task(t.stem(), null, State.SKIPPED, null, null, null, "not run"));
        }
        Job job = FallbackChain.last(store, asked.get());
        if (job.status() != JobStatus.SUCCEEDED) {
            String why = job.status().isActive() ? "still " + job.status().wire()
                    : job.status().wire() + (job.state().reason() == null ? "" : ": " + job.state().reason());
            return Optional.of(new Task(t.stem(), job.id(), State.SKIPPED, null, null, null, why));
        }
        Workspace w = job.workspace();
        if (w != null && w.mergeCommit() != null && (into == null || into.equals(w.mergedInto()))) {
            return Optional.of(new Task(t.stem(), job.id(), State.ALREADY_MERGED, w.mergeCommit(), null, null,
                    "into " + w.mergedInto()));
        }
        return Optional.empty();
    }

    private Merging.Request request(String jobId, PlanMerge.Request r, boolean dryRun) {
        return new Merging.Request(jobId, r.into(), r.squash(), dryRun, r.cleanup(), r.requireReview(), List.of());
    }

    /** The seam: one task's merge; a refusal (thrown or answered) stops the plan's merge here. */
    private Task mergeOne(PlanTask t, PlanMerge.Request r) {
        Merging.Outcome o;
        try {
            o = perTask.merge(request(t.jobId(), r, false));
        } catch (Refusal e) {
            return new Task(t.stem(), t.jobId(), State.REFUSED, null, null, null, e.getMessage());
        }
        if (o.refusal() != null || !o.merged()) {
            return new Task(t.stem(), o.jobId(), State.REFUSED, null, o.filesChanged(), o.conflicts(), o.refusal());
        }
        return new Task(t.stem(), o.jobId(), o.alreadyMerged() ? State.ALREADY_MERGED : State.MERGED, o.commit(),
                o.filesChanged(), null, null);
    }

    /**
     * A task's dry run: what the job's own checks say (still reviewed, refused by its review…), then
     * git's answer against the target as the tasks forecast before it would leave it.
     */
    private Task forecast(PlanTask t, PlanMerge.Request r, java.util.Map<java.nio.file.Path, MergeForecast> forecasts)
            throws GitException {
        Merging.Outcome o;
        try {
            o = perTask.merge(request(t.jobId(), r, true));
        } catch (Refusal e) {
            return new Task(t.stem(), t.jobId(), State.NOT_MERGEABLE, null, null, null, e.getMessage());
        }
        if (o.refusal() != null && o.conflicts().isEmpty()) {
            return new Task(t.stem(), o.jobId(), State.NOT_MERGEABLE, null, null, null, o.refusal());
        }
        java.nio.file.Path repo = store.get(o.jobId()).orElseThrow().workspace().repo();
        MergeForecast forecast = forecasts.get(repo);
        if (forecast == null) {
            forecast = new MergeForecast(repo);
            forecasts.put(repo, forecast);
        }
        MergeForecast.Step s = forecast.next(o.branch(), o.into());
        return s.conflicts().isEmpty() ? new Task(t.stem(), o.jobId(), State.WOULD_MERGE, null, s.files(), null, null)
                : new Task(t.stem(), o.jobId(), State.WOULD_CONFLICT, null, null, s.conflicts(), null);
    }
}
