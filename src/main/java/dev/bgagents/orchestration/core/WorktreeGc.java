package dev.bgagents.orchestration.core;

import dev.bgagents.git.Branches;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.git.BranchReport;
import dev.bgagents.git.ChangedFiles;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Merger;
import dev.bgagents.git.WorkSaver;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the worktrees of finished jobs that no longer need them: merged ones, and cancelled
 * ones that made no commits and left nothing uncommitted. A branch with unmerged work is never
 * deleted unless forced. Worktrees deleted by hand are pruned.
 */
public final class WorktreeGc {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorktreeGc.class);
    private WorktreeGc() {
    }

    /** What was removed and what was kept, one line per job. */
    public record Report(List<String> removed, List<String> kept) {
    }

    /**
     * A server's start-up clean-up, off the start's thread: a merge a stopped server left halfway is
     * finished first (a failure is logged; the next merge call tries again and says why), then branches
     * no job owns, then worktrees of merged or cancelled jobs older than {@code age}.
     */
    public static void atStart(Path project, JobStore store, MergeService merges, Duration age,
                               WorktreeBootstrap bootstrap) {
        if (Worktrees.hasCommits(project)) {
            try {
                merges.recover(project);
            } catch (dev.bgagents.orchestration.api.Refusal e) {
                // logged by recover
            }
            orphanBranches(store, project).forEach(l -> LOG.info("gc: {}", l));
        }
        run(store, age, false, bootstrap).removed().forEach(l -> LOG.info("gc: {}", l));
    }

    /**
     * Branches a spawn reserved ({@code bg/<id>}) and then never recorded a job for, because the
     * server died in between: deleted when they hold no work (their tip is in the current branch)
     * and are not checked out anywhere; anything else is reported and kept.
     */
    public static List<String> orphanBranches(JobStore store, Path repo) {
        List<String> said = new ArrayList<>();
        String current = Worktrees.currentBranch(repo);
        try {
            var checkedOut = Worktrees.checkedOut(repo);
            for (var e : Worktrees.jobBranches(repo, Duration.ofSeconds(60)).entrySet()) {
                String id = e.getKey();
                String branch = e.getValue();
                if (!JobStore.ID.matcher(id).matches() || store.get(id).isPresent() || Files.exists(store.files(id).dir())
                        || checkedOut.containsKey(branch) || current == null) {
                    continue;
                }
                if (Merger.isMerged(repo, branch, current)) {
                    Branches.delete(repo, branch, current, false);
                    said.add("removed " + branch + ": reserved by a spawn that never recorded its job, and empty");
                } else {
                    said.add("kept " + branch + ": no job records it, but it holds work not in " + current);
                }
            }
        } catch (GitException e) {
            said.add("cannot look for reserved branches: " + e.getMessage());
        }
        return said;
    }

    /**
     * @param minAge only jobs that ended at least this long ago (Duration.ZERO for all)
     * @param force  also remove worktrees and branches with unmerged work
     * @param bootstrap runs the project's teardown in each worktree before it goes
     */
    public static Report run(JobStore store, Duration minAge, boolean force, WorktreeBootstrap bootstrap) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<Path> repos = new LinkedHashSet<>();
        Instant cutoff = Instant.now().minus(minAge);
        List<Job> jobs = store.all();
        // worktrees an active job works in (a resumed session's): computed once, not per job
        Set<Path> inUse = new java.util.HashSet<>();
        jobs.stream().filter(j -> j.status().isActive() && j.workspace() != null)
                .forEach(j -> inUse.add(j.workspace().path()));
        for (Job job : jobs) {
            Workspace w = job.workspace();
            if (w == null || w.removed() || job.status().isActive() || job.state().endedAt() == null
                    || job.state().endedAt().isAfter(cutoff) || inUse.contains(w.path())) {
                continue;
            }
            if (!w.checkedOut()) {
                // a job that ended before it started: its worktree was never checked out, and its
                // reserved branch, still at its starting point, goes too
                try {
                    Path repo = w.repo();
                    if (Worktrees.branchExists(repo, w.branch())) {
                        Branches.delete(repo, w.branch(), w.baseRef(), force);
                    }
                    store.updateWorkspace(job.id(), Workspace::removedNow);
                } catch (GitException e) {
                    kept.add(job.id() + ": " + e.getMessage());
                }
                continue;
            }
            repos.add(w.repo());
            try {
                String into = w.mergedInto() != null ? w.mergedInto() : w.baseRef();
                boolean merged = into != null && Merger.isMerged(w.repo(), w.branch(), into);
                boolean empty = job.status() == JobStatus.CANCELLED && nothingDone(w);
                if (!merged && !empty && !force) {
                    kept.add(job.id() + ": unmerged work on " + w.branch() + " (merge_worktree it, or gc --force)");
                    continue;
                }
                if (Files.isDirectory(w.path()) && !force
                        && WorkSaver.commitLeftovers(w, "bg-agents: leftovers found by gc").isPresent()) {
                    kept.add(job.id() + ": had uncommitted work, now committed on " + w.branch());
                    continue;
                }
                WorkspaceProvisioner.remove(bootstrap, w);
                Branches.delete(w.repo(), w.branch(), into, force || empty);
                store.updateWorkspace(job.id(), Workspace::removedNow);
                // a branch where it started is "merged" to git: said as what it is
                removed.add(job.id() + ": worktree and " + w.branch() + " removed (" + (empty
                        ? "cancelled, nothing done" : merged ? "merged" : "forced") + ")");
            } catch (GitException e) {
                kept.add(job.id() + ": " + e.getMessage());
            }
        }
        for (Path repo : repos) {
            try {
                Worktrees.prune(repo);
            } catch (GitException e) {
                kept.add(repo + ": prune failed: " + e.getMessage());
            }
        }
        return new Report(removed, kept);
    }

    private static boolean nothingDone(Workspace w) throws GitException {
        return BranchReport.of(w.repo(), w.baseCommit(), w.branch()).commits().isEmpty()
                && (!Files.isDirectory(w.path()) || ChangedFiles.in(w).isEmpty());
    }
}
