package dev.bgagents.orchestration.delivery;

import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.WorkspaceProvisioner;
import dev.bgagents.project.ProjectDir;

import java.nio.file.Path;

/**
 * What the tools ask of the delivery room: a pull request of an ended job's branch now (merge_worktree
 * {as: "pr"}), and whether a spawn's or a plan's {@code deliver} can be honoured at all — refused before
 * anything is made when gh or the remote is missing.
 */
public final class Delivery {
    private final PullRequests pullRequests;
    private final Ids ids;
    private final JobStore store;

    public Delivery(PullRequests pullRequests, Ids ids, JobStore store) {
        this.pullRequests = pullRequests;
        this.ids = ids;
        this.store = store;
    }

    /** Opens a pull request of the job's branch (a fallback chain's: its last job's). */
    public Merging.PullRequest open(Merging.PullRequestRequest r) {
        if (Ids.isGroup(r.jobId())) {
            throw new Refusal("a pull request is of one job's branch: pass the winning attempt's job id "
                    + "(read_summary on the group ranks them)");
        }
        Job job = FallbackChain.last(store, store.refresh(ids.job(r.jobId()).id()));
        if (job.status().isActive()) {
            throw new Refusal(job.id() + " is still " + job.status().wire() + ": wait for it (job_status wait=\"any\") "
                    + "before opening its pull request");
        }
        if (job.workspace() != null) {
            WorkspaceProvisioner.activeIn(store, job.workspace().path()).ifPresent(j -> {
                throw new Refusal(j.id() + " is still working in this worktree: wait for it first");
            });
        }
        return pullRequests.open(job, r.into());
    }

    /**
     * Refuses {@code deliver} on a spawn or plan run in {@code workdir} unless it is {@code pr} or null and a
     * pull request could be opened there; nothing is pushed or created by this.
     */
    public void check(String deliver, Path workdir, Boolean worktree) {
        if (deliver == null) {
            return;
        }
        if (!JobSpec.PULL_REQUEST.equals(deliver)) {
            throw new Refusal("deliver " + Refusal.quoted(deliver) + " is not known: \"pr\" opens a draft pull request");
        }
        if (Boolean.FALSE.equals(worktree)) {
            throw new Refusal("deliver: \"pr\" pushes the job's own branch: drop worktree=false");
        }
        Path repo = ProjectDir.gitTop(workdir).orElseThrow(() -> new Refusal("deliver: \"pr\" needs a git "
                + "repository: " + workdir + " is not in one"));
        pullRequests.ready(repo);
    }
}
