package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Merging;

import java.util.List;

/** A merge_worktree request as a test writes it: the job, and what it sets; a plain merge into its base otherwise. */
public final class MergeRequest {
    private final String jobId;
    private String into;
    private boolean squash;
    private boolean dryRun;
    private boolean cleanup;
    private boolean requireReview;
    private List<String> keep = List.of();
    private Boolean resolve;
    private String resolver;

    private MergeRequest(String jobId) {
        this.jobId = jobId;
    }

    public static MergeRequest of(String jobId) {
        return new MergeRequest(jobId);
    }

    public MergeRequest into(String branch) {
        into = branch;
        return this;
    }

    public MergeRequest squash() {
        squash = true;
        return this;
    }

    public MergeRequest dryRun() {
        dryRun = true;
        return this;
    }

    public MergeRequest cleanup() {
        cleanup = true;
        return this;
    }

    public MergeRequest requireReview() {
        requireReview = true;
        return this;
    }

    public MergeRequest keep(String... ids) {
        keep = List.of(ids);
        return this;
    }

    /** On a conflict, resolution rounds by {@code provider} (null: the job's own). */
    public MergeRequest resolve(String provider) {
        resolve = true;
        resolver = provider;
        return this;
    }

    public Merging.Request build() {
        return new Merging.Request(jobId, into, squash, dryRun, cleanup, requireReview, keep, resolve, resolver);
    }
}
