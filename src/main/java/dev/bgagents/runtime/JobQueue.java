package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Remote jobs of one provider at once when the config names no cap: an entry API tier's ~6-7 busy agents. */
    static final int REMOTE_CAP = 6;

    /**
     * The queued jobs this server may start now, oldest first: owned by it, not being prepared already,
     * nothing left to wait for; a local one while this machine has a free slot, one on a cluster (which takes
     * no slot here) while its provider has fewer than its cap running remotely — its rate limit is the ceiling.
     */
    static List<Job> startable(List<Job> all, Predicate<String> owned, Set<String> preparing, int busy, int cap,
                               Function<String, Optional<Job>> jobs) {
        return startable(all, owned, preparing, busy, cap, jobs, Map.of());
    }

    static List<Job> startable(List<Job> all, Predicate<String> owned, Set<String> preparing, int busy, int cap,
                               Function<String, Optional<Job>> jobs, Map<String, Integer> remoteCaps) {
        List<Job> out = new ArrayList<>();
        Map<String, Integer> remote = new HashMap<>();
        for (Job job : all) {
            if (job.spec().runner() != null && (job.status() == JobStatus.RUNNING
                    || (job.status() == JobStatus.QUEUED && job.state().launchingAt() != null))) {
                remote.merge(job.spec().provider(), 1, Integer::sum);
            }
        }
        int local = 0;
        for (Job job : all) {
            if (job.status() != JobStatus.QUEUED || job.state().launchingAt() != null || !owned.test(job.id())
                    || preparing.contains(job.id()) || !waitingFor(job, jobs).isEmpty()) {
                continue;
            }
            if (job.spec().runner() != null) {
                String provider = job.spec().provider();
                if (remote.getOrDefault(provider, 0) < remoteCaps.getOrDefault(provider, REMOTE_CAP)) {
                    remote.merge(provider, 1, Integer::sum);
                    out.add(job);
                }
            } else if (busy + local < cap) {
                local++;
                out.add(job);
            }
        }
        return out;
    }
}
