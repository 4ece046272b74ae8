package dev.bgagents.orchestration.core;




import dev.bgagents.orchestration.api.Merging;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.git.GitException;
import dev.bgagents.git.Merger;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.text.PlainTitle;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;


/**
 * merge_worktree's work: a finished job's branch into the branch it started from (or
 * {@code into}), refused with nothing changed when it would lose anything; then the record
 * says it is merged, and the worktree and branch go unless new work turned up in them.
 */
public final class MergeService implements Merging {
    private static final Logger LOG = LoggerFactory.getLogger(MergeService.class);
    private final Ids lookup;
    private final JobStore store;
    private final ReviewGate reviews;
    private final WorktreeBootstrap bootstrap;

    public MergeService(Ids lookup, JobStore store, ReviewGate reviews, WorktreeBootstrap bootstrap) {
        this.lookup = lookup;
        this.store = store;
        this.reviews = reviews;
        this.bootstrap = bootstrap;
    }

    /** Merges one job's branch (for a group, the attempts room merges its winner through this). */
    @Override
    public Outcome merge(Request r) {
        return merge(r, null);
    }

    /** One job's merge serves no plan: the plans room merges a session's tasks through {@link #merge}. */
    @Override
    public dev.bgagents.orchestration.api.PlanMerge.Outcome mergePlan(dev.bgagents.orchestration.api.PlanMerge.Request request) {
        throw new Refusal("plan sessions are not merged here: pass a job_id");
    }

    /** A local merge opens no pull request: the delivery room does. */
    @Override
    public PullRequest openPullRequest(PullRequestRequest request) {
        throw new Refusal("pull requests are not served here");
    }

    /**
     * The same, for the job {@code working} that is still running in the job's worktree and asks for
     * the merge itself (the conflicts room lands a resolution before its round job ends).
     */
    public Outcome merge(Request r, String working) {
        if (!r.keep().isEmpty()) {
            throw new Refusal("keep names attempts of a best-of-N group: pass the group's id (best-…) as job_id");
        }
        if (r.into() != null && (r.into().startsWith("-") || !Repository.isValidRefName("refs/heads/" + r.into()))) {
            throw new Refusal("into " + Refusal.quoted(r.into()) + " is not a branch name: pass the name of an "
                    + "existing branch (into takes a branch, not a revision)");
        }
        // as on disk now: another server may have recorded its end, or merged it, since this one looked
        Job asked = store.refresh(lookup.job(r.jobId()).id());
        // a job whose task fell back to other providers: the chain's last job holds the work kept
        Job job = FallbackChain.last(store, asked);
        if (job != asked && job.status().isActive()) {
            throw new Refusal(asked.id() + " fell back to " + job.id() + " (" + job.spec().provider() + "), still "
                    + job.status().wire() + ": wait for it (job_status wait=\"any\" on " + asked.id() + ") before merging");
        }
        Workspace w = job.workspace();
        if (w == null) {
            throw new Refusal(job.id() + " ran in place (no worktree): its changes are already in "
                    + job.spec().workdir());
        }
        if (!w.checkedOut() && !job.status().isActive()) {
            throw new Refusal(job.id() + " never started (" + job.status().wire() + " while waiting), so it has no "
                    + "work to merge");
        }
        if (job.status().isActive()) {
            throw new Refusal(job.id() + " is still " + job.status().wire() + ": wait for it (job_status "
                    + "wait=\"any\") before merging");
        }
        store.all().stream()
                .filter(j -> j.status().isActive() && j.workspace() != null && j.workspace().path().equals(w.path()))
                .filter(j -> !j.id().equals(working))
                .findFirst().ifPresent(j -> {
                    throw new Refusal(j.id() + " is still working in this worktree: wait for it before merging");
                });
        // a dry run touches nothing a reviewer reads; a merge removes the worktree
        reviews.active(job.id()).filter(rv -> !r.dryRun()).ifPresent(rv -> {
            throw new Refusal(rv.id() + " is still reviewing " + job.id() + " in its worktree: wait for it before "
                    + "merging");
        });
        String approved = r.requireReview() && w.mergeCommit() == null ? reviews.requireApproval(job) : null;
        String into = r.into() != null ? r.into() : w.baseRef();
        if (into == null) {
            throw new Refusal(job.id() + " started from a detached commit: pass the target branch as into");
        }
        if (w.mergeCommit() != null && !r.dryRun() && into.equals(w.mergedInto())) {
            return Outcome.alreadyMerged(job.id(), w.branch(), w.mergedInto(), w.mergeCommit());
        }
        if (w.mergeCommit() != null && !Worktrees.branchExists(w.repo(), w.branch())) {
            throw new Refusal(job.id() + " was merged into " + w.mergedInto() + " (" + w.mergeCommit().substring(0, 7)
                    + ") and its branch removed: merge " + w.mergedInto() + " into " + into + " instead");
        }
        Merger.Strategy strategy = r.squash() ? Merger.Strategy.SQUASH : Merger.Strategy.MERGE;
        String message = subject(r.squash(), w.branch(), job.spec().title())
                + "\n\nbg-agents job " + job.id() + " (" + job.spec().provider() + ")";
        String recovered = recover(w.repo()).orElse(null);
        if (recovered != null && store.get(job.id()).map(j -> j.workspace().mergeCommit() != null).orElse(false)) {
            Workspace done = store.get(job.id()).orElseThrow().workspace();
            return Outcome.alreadyMerged(job.id(), w.branch(), done.mergedInto(), done.mergeCommit()).recovered(recovered);
        }
        Merger.Outcome o;
        try {
            o = Merger.merge(w.repo(), job.id(), w.branch(), approved, into, strategy, r.dryRun(), message,
                    this::record);
        } catch (GitException e) {
            throw new Refusal(e.getMessage());
        }
        if (o.refusal() != null || r.dryRun()) {
            return Outcome.unchanged(job.id(), w.branch(), into, r.dryRun(), o.fastForward(), o.filesChanged(),
                    o.conflicts(), o.refusal()).recovered(recovered).leaving(o.leftOut());
        }
        // the record already says merged: Merger told record() under the repository's lock
        String cleanedUp = null;
        if (r.cleanup()) {
            cleanedUp = WorkspaceProvisioner.cleanup(bootstrap, w, into);
            if (cleanedUp.contains("removed")) {
                store.updateWorkspace(job.id(), Workspace::removedNow);
            }
        }
        return Outcome.merged(job.id(), w.branch(), into, o.commit(), o.fastForward(), r.squash(), o.filesChanged(),
                cleanedUp).recovered(recovered).leaving(o.leftOut());
    }

    /** "Merge BRANCH: the task's title", the title as plain text (a task file's heading is markdown). */
    static String subject(boolean squash, String branch, String title) {
        String plain = PlainTitle.of(title);
        return (squash ? "Squash " : "Merge ") + branch + (plain.isEmpty() ? "" : ": " + plain);
    }

    /**
     * Finishes a merge a stopped server (this project's or another's) left halfway: at start, and
     * before every merge. What it did, if anything.
     */
    public Optional<String> recover(Path repo) {
        try {
            Optional<String> done = Merger.recover(repo, this::record);
            done.ifPresent(d -> LOG.warn("{}", d));
            return done;
        } catch (GitException e) {
            LOG.error("{}", e.getMessage());
            throw new Refusal(e.getMessage());
        }
    }

    private void record(String jobId, String into, String commit) {
        if (store.get(jobId).isEmpty()) {
            store.discover();
        }
        if (store.get(jobId).isPresent()) {
            store.updateWorkspace(jobId, ws -> ws.merged(into, commit));
        }
    }
}
