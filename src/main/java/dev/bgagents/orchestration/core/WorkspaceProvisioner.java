package dev.bgagents.orchestration.core;

import dev.bgagents.git.Branches;
import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.git.BranchReport;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Merger;
import dev.bgagents.git.WorkSaver;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.WorktreeHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job works: its own worktree (made at spawn, checked out as it starts, from its
 * dependencies' branches when it has some), sealed when the agent ends, removed after its merge —
 * and never deleted with work in it.
 */
public final class WorkspaceProvisioner {
    private WorkspaceProvisioner() {
    }

    /** Where a job's worktree will be for a job that starts from {@code base}: its branch made now. */
    public static Workspace reserve(WorktreeHome home, Path repoTop, String jobId, String branch, String base,
                                    List<String> files) {
        try {
            return Worktrees.reserve(repoTop, place(home, jobId), jobId, branch, base, files);
        } catch (GitException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** Where a job that waits for others will work: made when it starts, from their branches. */
    public static Workspace planned(WorktreeHome home, Path repoTop, String jobId, String branch, List<String> files) {
        return Worktrees.planned(repoTop, place(home, jobId), branch, files);
    }

    private static Path place(WorktreeHome home, String jobId) {
        try {
            return home.worktree(jobId);
        } catch (java.io.IOException e) {
            throw new Refusal("cannot make " + home.dir() + " for the job's worktree: " + e.getMessage());
        }
    }

    /**
     * The files a task says it will touch ({@code files}, relative to its {@code workdir} or absolute),
     * named as git names them — relative to the repository, "./" and ".." gone — so the overlap
     * forecast compares them with other tasks' and with what jobs changed.
     */
    public static List<String> declared(Path repoTop, Path workdir, List<String> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream().map(f -> repoTop.relativize(workdir.resolve(f).normalize()).toString()
                .replace(java.io.File.separatorChar, '/')).distinct().toList();
    }

    /** The job's working directory inside its worktree: the same place relative to the repository as asked. */
    public static Path jobDir(Workspace w, Path workdir) {
        return w.path().resolve(w.repo().relativize(workdir));
    }

    /**
     * Makes a job's worktree as it starts. A reserved branch is checked out as it is; a waiting
     * job's branch is made on its dependencies' branches — the first as the start, the others
     * merged in — so it builds on their work. A dependency already merged and cleaned up is
     * found in the branch it was merged into.
     */
    public static Workspace prepare(Job job, List<Job> deps) throws GitException {
        Workspace w = job.workspace();
        Path repo = w.repo();
        if (Worktrees.branchExists(repo, w.branch())) {
            return Worktrees.checkOut(w);
        }
        List<String> sources = new ArrayList<>();
        for (Job d : deps) {
            Workspace dw = d.workspace();
            if (dw == null || !dw.repo().equals(w.repo())) {
                continue;
            }
            String source = Worktrees.branchExists(repo, dw.branch()) ? dw.branch() : dw.mergedInto();
            if (source != null && !sources.contains(source)) {
                sources.add(source);
            }
        }
        String start = !sources.isEmpty() ? sources.get(0) : w.baseRef() != null ? w.baseRef() : "HEAD";
        // the dependencies come together on the new branch before it is checked out: a branch no
        // work tree holds is merged in the object database alone
        Worktrees.branch(repo, w.branch(), start);
        for (String other : sources.subList(Math.min(1, sources.size()), sources.size())) {
            Merger.Outcome o = Merger.merge(repo, null, other, null, w.branch(), Merger.Strategy.MERGE, false,
                    "Merge " + other + " for " + job.id() + "\n\nbg-agents: the job builds on this dependency's work",
                    Merger.Recorder.NONE);
            if (o.refusal() != null) {
                Branches.delete(repo, w.branch(), null, true);
                throw new GitException(o.conflicts().isEmpty() ? o.refusal()
                        : "its dependencies' branches " + sources.get(0) + " and " + other + " conflict in "
                        + String.join(", ", o.conflicts()) + ": merge them by hand, then run it again");
            }
        }
        try {
            return Worktrees.checkOut(w);
        } catch (GitException e) {
            Branches.delete(repo, w.branch(), null, true);
            throw e;
        }
    }

    /**
     * At the agent's end: commit its leftovers on the job's branch, then record commits and
     * diffstat. Leftovers that could not be committed (the agent moved HEAD, replaced its
     * worktree) are said in the diffstat's last line; what is on the branch is recorded all the same.
     */
    public static Workspace seal(Job job) {
        Workspace w = job.workspace();
        String unsaved = null;
        if (Files.isDirectory(w.path())) {
            try {
                commitLeftovers(w, "bg-agents: work left uncommitted by " + job.id()
                        + " (" + job.spec().provider() + ")\n\nTask: " + job.spec().title());
            } catch (GitException e) {
                unsaved = "(uncommitted changes not saved: " + e.getMessage() + ")";
            }
        }
        try {
            BranchReport r = BranchReport.of(w.repo(), w.baseCommit(), w.branch());
            List<String> stat = new ArrayList<>(r.files());
            if (unsaved != null) {
                stat.add(unsaved);
            }
            return w.sealed(r.commits(), stat);
        } catch (GitException e) {
            return w.sealed(List.of(), List.of("(could not read the branch: " + e.getMessage() + ")"));
        }
    }

    /**
     * Commits what the agent left, trying again when JGit loses its index lock midway (seen once
     * in CI, as the server shut down while sealing: "Lock on …/index not held"): a job whose work
     * is not on its branch gives its dependents a base without it.
     */
    private static void commitLeftovers(Workspace w, String message) throws GitException {
        for (int attempt = 1; ; attempt++) {
            try {
                WorkSaver.commitLeftovers(w, message);
                return;
            } catch (IllegalStateException | org.eclipse.jgit.api.errors.JGitInternalException e) {
                if (attempt == 3) {
                    throw new GitException("cannot commit the agent's leftovers in " + w.path() + ": " + e.getMessage());
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new GitException("interrupted while committing the leftovers in " + w.path());
                }
            }
        }
    }

    /** A worktree (or reserved branch) made for a job that could not be recorded: nothing was done in it, so it goes. */
    public static void discard(WorktreeBootstrap bootstrap, Workspace w) {
        try {
            if (w.checkedOut()) {
                remove(bootstrap, w);
            }
            if (Worktrees.branchExists(w.repo(), w.branch())) {
                Branches.delete(w.repo(), w.branch(), null, true);
            }
        } catch (GitException ignored) {
            // best effort: gc prunes what is left
        }
    }

    /**
     * Removes the worktree and branch of a job whose task went on elsewhere, when nothing was
     * done in them: no leftovers, no commits beyond its base. True when removed.
     */
    public static boolean removeIfUnused(WorktreeBootstrap bootstrap, Workspace w) {
        try {
            if (Files.isDirectory(w.path()) && WorkSaver.commitLeftovers(w, "bg-agents: leftovers").isPresent()) {
                return false;
            }
            if (!BranchReport.of(w.repo(), w.baseCommit(), w.branch()).commits().isEmpty()) {
                return false;
            }
            remove(bootstrap, w);
            Branches.delete(w.repo(), w.branch(), null, true);
            return true;
        } catch (GitException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Removes the worktree and branch of a job whose work is not kept (a best-of-N attempt that
     * lost), its leftovers committed first so the tip it names holds all of it: "tip abc1234",
     * from which the branch can be made again, or "no commits".
     */
    public static String removeNamingTip(WorktreeBootstrap bootstrap, Workspace w, String jobId) throws GitException {
        if (!Worktrees.branchExists(w.repo(), w.branch())) {
            // a removal a stopped server began: its branch went, its worktree may be left
            if (w.checkedOut() && Files.isDirectory(w.path())) {
                remove(bootstrap, w);
            }
            Worktrees.prune(w.repo());
            return "removed before";
        }
        if (Files.isDirectory(w.path())) {
            WorkSaver.commitLeftovers(w, "bg-agents: work left uncommitted by " + jobId);
        }
        List<String> commits = BranchReport.of(w.repo(), w.baseCommit(), w.branch()).commits();
        if (w.checkedOut() && Files.isDirectory(w.path())) {
            remove(bootstrap, w);
        }
        Branches.delete(w.repo(), w.branch(), null, true);
        return commits.isEmpty() ? "no commits" : "tip " + commits.get(0).split(" ")[0];
    }

    /** Removes a job's worktree and branch after its work is merged (the branch only if fully merged). */
    public static String cleanup(WorktreeBootstrap bootstrap, Workspace w, String into) {
        try {
            if (Files.isDirectory(w.path()) && WorkSaver.commitLeftovers(w, "bg-agents: late leftovers").isPresent()) {
                return "kept the worktree: it had new uncommitted work (now committed on " + w.branch() + ")";
            }
            // clean apart from ignored files (build output), so forcing loses nothing of the agent's work
            remove(bootstrap, w);
            Branches.delete(w.repo(), w.branch(), into, false);
            return "worktree and branch " + w.branch() + " removed";
        } catch (GitException e) {
            return "clean-up skipped: " + e.getMessage();
        }
    }

    /** Removes a job's worktree directory, the project's teardown run in it first (its branch stays). */
    static void remove(WorktreeBootstrap bootstrap, Workspace w) throws GitException {
        if (Files.isDirectory(w.path())) {
            bootstrap.beforeRemoving(w);
        }
        Worktrees.remove(w, true);
    }

    /** The active job working in {@code worktree} (a resumed session's, a hand-off's), if one does. */
    public static java.util.Optional<Job> activeIn(dev.bgagents.jobs.JobStore store, Path worktree) {
        return store.all().stream().filter(j -> j.status().isActive() && j.workspace() != null
                && j.workspace().path().equals(worktree)).findFirst();
    }
}
