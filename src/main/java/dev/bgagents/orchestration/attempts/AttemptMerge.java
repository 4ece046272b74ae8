package dev.bgagents.orchestration.attempts;

import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.MergeService;

import dev.bgagents.orchestration.core.WorkspaceProvisioner;
import dev.bgagents.orchestration.core.WorktreeBootstrap;

import dev.bgagents.orchestration.api.Merging;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;

import java.util.ArrayList;
import java.util.List;

/**
 * merge_worktree of a best-of-N group: the winner is merged as any job is; then the other
 * attempts' worktrees and branches go — each one's tip named so it can be restored — except
 * those the host asked to keep. Nothing is removed unless the winner's merge happened.
 */
final class AttemptMerge {
    private final JobStore store;
    private final Ids ids;
    private final MergeService jobs;
    private final WorktreeBootstrap bootstrap;

    AttemptMerge(JobStore store, Ids ids, MergeService jobs, WorktreeBootstrap bootstrap) {
        this.store = store;
        this.ids = ids;
        this.jobs = jobs;
        this.bootstrap = bootstrap;
    }

    Merging.Outcome merge(Merging.Request r) {
        // as on disk now: another server may have ended or merged one of them since this one looked
        List<Job> attempts = ids.attempts(r.jobId()).stream().map(j -> store.refresh(j.id())).toList();
        List<String> ids = attempts.stream().map(Job::id).toList();
        for (String k : r.keep()) {
            if (!ids.contains(k)) {
                throw new Refusal("keep: " + Refusal.quoted(k) + " is not an attempt of " + r.jobId() + " ("
                        + String.join(", ", ids) + ")");
            }
        }
        long active = attempts.stream().filter(j -> j.status().isActive()).count();
        if (active > 0) {
            throw new Refusal(active + " of the " + attempts.size() + " attempts still run: job_status {job_ids: [\""
                    + r.jobId() + "\"], wait: \"all\"} first, or cancel_job them");
        }
        Job winner = AttemptRanking.winner(attempts);
        if (winner == null) {
            throw new Refusal("no attempt of " + r.jobId() + " succeeded with changes: nothing to merge "
                    + "(read_summary {job_id: \"" + r.jobId() + "\"} says why)");
        }
        Merging.Outcome o = jobs.merge(new Merging.Request(winner.id(), r.into(), r.squash(), r.dryRun(), r.cleanup(),
                r.requireReview(), List.of()));
        if (!o.merged() || o.dryRun()) {
            return o;
        }
        // merged now, or by an earlier call that stopped before the other attempts went: they go now
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Job j : attempts) {
            Workspace w = j.workspace();
            if (j.id().equals(winner.id()) || w == null || w.removed()) {
                continue;
            }
            if (r.keep().contains(j.id())) {
                kept.add(w.branch());
                continue;
            }
            removed.add(discard(j, w));
        }
        String others = (removed.isEmpty() ? "" : "other attempts removed: " + String.join(", ", removed))
                + (kept.isEmpty() ? "" : (removed.isEmpty() ? "" : "; ") + "kept: " + String.join(", ", kept));
        String cleanedUp = o.cleanedUp() == null ? others : others.isEmpty() ? o.cleanedUp() : o.cleanedUp() + "; " + others;
        return new Merging.Outcome(o.jobId(), o.branch(), o.into(), true, false, o.alreadyMerged(), o.commit(),
                o.fastForward(), o.squashed(), o.filesChanged(), o.conflicts(), null, cleanedUp.isEmpty() ? null : cleanedUp,
                o.recovered(), o.leftOut());
    }

    /** Removes a losing attempt's worktree and branch; says which commit it ended at, to restore it from. */
    private String discard(Job j, Workspace w) {
        String tip;
        try {
            tip = WorkspaceProvisioner.removeNamingTip(bootstrap, w, j.id());
        } catch (GitException e) {
            return w.branch() + " (kept: " + e.getMessage() + ")";
        }
        store.updateWorkspace(j.id(), Workspace::removedNow);
        return w.branch() + " (" + tip + ")";
    }
}
