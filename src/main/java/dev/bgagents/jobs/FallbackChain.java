package dev.bgagents.jobs;

import dev.bgagents.agents.ApiErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A job and the jobs that re-ran its task on other providers after its provider failed: the
 * first job's id stands for the whole chain, whose outcome is its last job's. Only a failed job
 * with providers left to try can have a next one, so most lookups end at once.
 */
public final class FallbackChain {
    private FallbackChain() {
    }

    /** The job that re-ran {@code job}'s task on the next provider, if there is one. */
    public static Optional<Job> next(JobStore store, Job job) {
        if (!fallsBack(job)) {
            return Optional.empty();
        }
        Optional<Job> next = find(store, job.id());
        // another server on the project may have made it: its record is read in once asked for
        return next.isPresent() ? next : store.discover().isEmpty() ? Optional.empty() : find(store, job.id());
    }

    /** True for a job that failed for its provider with providers left to try: its task goes on elsewhere. */
    public static boolean fallsBack(Job job) {
        return job.status() == JobStatus.FAILED && !job.spec().relations().fallback().isEmpty()
                && ApiErrors.isProviderTrouble(job.state().reason());
    }

    private static Optional<Job> find(JobStore store, String id) {
        return store.all().stream().filter(j -> id.equals(j.spec().relations().fallbackOf())).findFirst();
    }

    /** The chain from {@code job} on: {@code job} first, the job now running or kept last. */
    public static List<Job> from(JobStore store, Job job) {
        List<Job> chain = new ArrayList<>(List.of(job));
        for (Optional<Job> n = next(store, job); n.isPresent() && chain.size() < 32; n = next(store, n.get())) {
            chain.add(n.get());
        }
        return chain;
    }

    /** The chain's last job: the one whose outcome counts for {@code job}. */
    public static Job last(JobStore store, Job job) {
        List<Job> chain = from(store, job);
        return chain.get(chain.size() - 1);
    }

    /** Jobs by id, each as its chain's last job: what a dependent waits on. */
    public static Function<String, Optional<Job>> outcomes(JobStore store) {
        return id -> store.get(id).map(j -> last(store, j));
    }
}
