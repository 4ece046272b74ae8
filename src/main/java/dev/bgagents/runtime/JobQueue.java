package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rules of the queue: a queued job waits for a free slot and for every job it depends on
 * to succeed; it can never start once one of them ended otherwise (or is gone). Oldest first.
 */
final class JobQueue {
    private JobQueue() {
    }

    /** The dependencies of a job that have not succeeded yet. */
    static List<String> waitingFor(Job job, Function<String, Optional<Job>> jobs) {
        return job.spec().relations().dependsOn().stream()
                .filter(d -> jobs.apply(d).map(j -> j.status() != JobStatus.SUCCEEDED).orElse(true))
                .toList();
    }

    /** Why a job can never start: the first dependency that ended without succeeding, or is gone. */
    static Optional<String> blockedBy(Job job, Function<String, Optional<Job>> jobs) {
        for (String d : job.spec().relations().dependsOn()) {
            Optional<Job> dep = jobs.apply(d);
            if (dep.isEmpty() || (dep.get().status().isTerminal() && dep.get().status() != JobStatus.SUCCEEDED)) {
                return Optional.of("blocked by job " + d + " (" + dep.map(j -> j.status().wire()).orElse("gone") + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The queued jobs this server may start now, oldest first, as many as the free slots:
     * owned by it, not being prepared already, nothing left to wait for.
     */
    static List<Job> startable(List<Job> all, Predicate<String> owned, Set<String> preparing, int busy, int cap,
                               Function<String, Optional<Job>> jobs) {
        List<Job> out = new ArrayList<>();
        for (Job job : all) {
            if (busy + out.size() >= cap) {
                break;
            }
            if (job.status() == JobStatus.QUEUED && job.state().launchingAt() == null && owned.test(job.id())
                    && !preparing.contains(job.id())
                    && waitingFor(job, jobs).isEmpty()) {
                out.add(job);
            }
        }
        return out;
    }
}
