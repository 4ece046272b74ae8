package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.runtime.JobRuntime;

import java.util.List;

/**
 * What an id a host passes stands for, found in one place for every tool: a job; a best-of-N
 * group ({@code best-…}), whose attempts are read, waited on and merged together; or the first
 * job of a fallback chain, whose id stands for the chain and whose outcome is its last job's.
 * Checked before the file system sees it, one line when wrong. Jobs are as a reader should see
 * them ({@link JobRuntime#asSeen}).
 */
public final class Ids {
    private final JobStore store;
    private final JobRuntime runtime;

    public Ids(JobStore store, JobRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
    }

    /** The job {@code id} names exactly, as it is on record. */
    public Job job(String id) {
        if (id == null || id.isBlank()) {
            throw new Refusal("missing \"job_id\": pass the id spawn_agent returned (job_status lists them)");
        }
        if (!JobStore.ID.matcher(id).matches()) {
            throw new Refusal("malformed job id " + Refusal.quoted(id) + ": ids look like claude-3f9a1c (job_status lists them)");
        }
        // a job another server on this project started a moment ago is on disk already
        return store.get(id).or(() -> {
            store.discover();
            return store.get(id);
        }).orElseThrow(() -> new Refusal("unknown job id \"" + id + "\": job_status lists the jobs of this project"));
    }

    /** Whether {@code id} names a best-of-N group rather than a job. */
    public static boolean isGroup(String id) {
        return id != null && id.startsWith("best-");
    }

    /** The attempts of the group {@code id}, as they are now, in the order they were started. */
    public List<Job> attempts(String id) {
        store.discover();
        List<Job> found = of(store.all(), id);
        if (found.isEmpty()) {
            found = of(store.everything(), id); // a group settled long ago
        }
        if (found.isEmpty()) {
            throw new Refusal("unknown group " + Refusal.quoted(id) + ": spawn_agent with attempts answers with its id");
        }
        return found.stream().map(runtime::asSeen).toList();
    }

    /** The attempts of {@code group} among {@code jobs}. */
    public static List<Job> of(List<Job> jobs, String group) {
        return jobs.stream().filter(j -> group.equals(j.spec().relations().group())).toList();
    }

    /** The job {@code id} names, as a reader sees it now. */
    public Job seen(String id) {
        return runtime.asSeen(job(id));
    }

    /** The chain that starts at {@code first}, each job as seen now: a job alone is a chain of one. */
    public List<Job> chain(Job first) {
        return FallbackChain.from(store, first).stream().map(runtime::asSeen).toList();
    }

    /**
     * The job whose outcome counts for {@code id} now: the job itself, or for a job whose task fell
     * back to other providers, the chain's job now.
     */
    public Job latest(String id) {
        Job last = FallbackChain.last(store, job(id));
        Job seen = runtime.asSeen(last);
        // another server's job read as ended from its exit record, which will fall back: not the chain's end yet
        return seen != last && FallbackChain.fallsBack(seen) ? last : seen;
    }
}
