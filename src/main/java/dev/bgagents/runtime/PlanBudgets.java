package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.Ending;
import dev.bgagents.process.RunningJob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A plan run's budget, for its jobs together: what its ended jobs reported plus what its running
 * ones have shown so far. Past it, its running jobs are stopped (failed, over budget) and its
 * queued ones never start. Jobs of the plan another server runs are not counted until they end.
 */
final class PlanBudgets {
    /** Usage and turns of a plan's ended jobs (by id); kept until one more of its jobs ends. */
    private record Spent(Usage usage, int turns, Set<String> ids) {
        Spent plus(String id, Usage u, Integer t) {
            Set<String> more = new HashSet<>(ids);
            more.add(id);
            return new Spent(usage.plus(u == null ? Usage.NONE : u), turns + (t == null ? 0 : t), more);
        }
    }

    private final JobStore store;
    private final Map<String, Spent> settled = new ConcurrentHashMap<>();

    PlanBudgets(JobStore store) {
        this.store = store;
    }

    /** One of the plan's jobs ended: its figures are read again when next needed. */
    void ended(Job job) {
        if (job.spec().relations().plan() != null) {
            settled.remove(job.spec().relations().plan());
        }
    }

    /** Stops the running jobs of every plan that is over its budget. */
    void pass(Collection<RunningJob> running, BiConsumer<RunningJob, Ending> end) {
        Map<String, List<RunningJob>> byPlan = new HashMap<>();
        for (RunningJob a : running) {
            if (!a.ending() && a.plan() != null && !a.planBudget().isEmpty()) {
                byPlan.computeIfAbsent(a.plan(), p -> new ArrayList<>()).add(a);
            }
        }
        byPlan.forEach((plan, jobs) -> {
            String over = over(plan, jobs.get(0).planBudget(), jobs);
            if (over != null) {
                // one whose run has ended by itself is counted, not stopped
                jobs.stream().filter(a -> !a.streamEnded())
                        .forEach(a -> end.accept(a, Ending.terminate(JobStatus.FAILED, over)));
            }
        });
    }

    /** Why a queued job of a plan over its budget must not start, else empty. */
    Optional<String> blocks(Job queued, Collection<RunningJob> running) {
        String plan = queued.spec().relations().plan();
        if (plan == null || queued.spec().limits().planBudget().isEmpty()) {
            return Optional.empty();
        }
        List<RunningJob> ofPlan = running.stream().filter(a -> plan.equals(a.plan())).toList();
        String over = over(plan, queued.spec().limits().planBudget(), ofPlan);
        return Optional.ofNullable(over).map(o -> "not started: " + o);
    }

    private String over(String plan, Budget budget, List<RunningJob> running) {
        Spent spent = settled.computeIfAbsent(plan, this::settledOf);
        for (RunningJob a : running) {
            // a job just ended is on record and still among the running for a moment: counted once
            if (!spent.ids().contains(a.id())) {
                spent = spent.plus(a.id(), a.usage(), a.turns());
            }
        }
        String why = budget.exceededBy(spent.usage(), spent.turns());
        return why == null ? null : why.replaceFirst("^over budget: ", "over budget: the plan's ");
    }

    private Spent settledOf(String plan) {
        Spent s = new Spent(Usage.NONE, 0, Set.of());
        for (Job j : store.all()) {
            AgentReport r = j.report();
            if (plan.equals(j.spec().relations().plan()) && j.status().isTerminal() && r != null) {
                s = s.plus(j.id(), r.usage(), r.turns());
            }
        }
        return s;
    }
}
