package dev.bgagents.mcp;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.BranchReport;
import dev.bgagents.git.ChangedFiles;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Merger;
import dev.bgagents.git.WorkSaver;
import dev.bgagents.git.Worktree;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How jobs and their git worktrees meet: creation at spawn, saving at the end, overlap forecasts. */
final class JobWorktrees {
    private JobWorktrees() {
    }

    static Worktree toWorktree(Workspace w) {
        return new Worktree(Path.of(w.repo()), Path.of(w.path()), w.branch(), w.baseRef(), w.baseCommit());
    }

    /**
     * The worktree of a job that waits for others: where it will be and on which branch; it is
     * made when the job starts ({@link #prepare}), from its dependencies' work.
     */
    static Workspace pending(Path repoTop, String jobId, String branch, List<String> files) {
        return Workspace.created(repoTop.toString(), Worktrees.dirFor(repoTop, jobId).toString(), branch,
                Worktrees.currentBranch(repoTop), null, files);
    }

    /**
     * A job's worktree whose branch is made (its starting point fixed) but whose checkout waits
     * for the job's start: checking out a large tree takes seconds, and spawn_agent must answer
     * in milliseconds.
     */
    static Workspace reserved(Worktree wt, List<String> files) {
        return Workspace.created(wt.repo().toString(), wt.path().toString(), wt.branch(), wt.baseRef(), null, files);
    }

    /**
     * Makes a job's worktree as it starts. A reserved branch is checked out as it is; a waiting
     * job's branch is made on its dependencies' branches — the first as the start, the others
     * merged in — so it builds on their work. A dependency already merged and cleaned up is
     * found in the branch it was merged into.
     */
    static Workspace prepare(Job job, List<Job> deps) throws GitException {
        Workspace w = job.workspace();
        Path repo = Path.of(w.repo());
        if (Worktrees.branchExists(repo, w.branch())) {
            return checkout(job, w, repo);
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
            Merger.Outcome o = Merger.merge(repo, other, w.branch(), Merger.Strategy.MERGE, false,
                    "Merge " + other + " for " + job.id() + "\n\nbg-agents: the job builds on this dependency's work");
            if (o.refusal() != null) {
                Merger.deleteBranch(repo, w.branch(), null, true);
                throw new GitException(o.conflicts().isEmpty() ? o.refusal()
                        : "its dependencies' branches " + sources.get(0) + " and " + other + " conflict in "
                        + String.join(", ", o.conflicts()) + ": merge them by hand, then run it again");
            }
        }
        try {
            return checkout(job, w, repo);
        } catch (GitException e) {
            Merger.deleteBranch(repo, w.branch(), null, true);
            throw e;
        }
    }

    private static Workspace checkout(Job job, Workspace w, Path repo) throws GitException {
        Worktree wt = Worktrees.attach(repo, job.id(), w.branch(), w.baseRef());
        return new Workspace(w.repo(), wt.path().toString(), w.branch(), w.baseRef(), wt.baseCommit(),
                w.declaredFiles(), null, null, null, null, false);
    }

    /** At the agent's end: commit its leftovers on the job's branch, then record commits and diffstat. */
    static Workspace seal(Job job, AgentReport report) {
        Workspace w = job.workspace();
        try {
            if (Files.isDirectory(Path.of(w.path()))) {
                WorkSaver.commitLeftovers(Path.of(w.path()), "bg-agents: work left uncommitted by " + job.id()
                        + " (" + job.spec().provider() + ")\n\nTask: " + job.spec().title());
            }
            BranchReport r = BranchReport.of(Path.of(w.repo()), w.baseCommit(), w.branch());
            return w.sealed(r.commits(), r.files());
        } catch (GitException e) {
            return w.sealed(List.of(), List.of("(could not read the branch: " + e.getMessage() + ")"));
        }
    }

    /**
     * Files a job touches: what it declared, and (when {@code scan}) what it has changed in its
     * worktree so far. Scanning a worktree is a full status walk, so it is done only when
     * another active job is there to compare with.
     */
    static Set<String> touched(Job job, boolean scan) {
        Set<String> files = new LinkedHashSet<>();
        Workspace w = job.workspace();
        if (w == null) {
            return files;
        }
        files.addAll(w.declaredFiles());
        if (job.status().isTerminal()) {
            w.diffstat().forEach(l -> files.add(pathOf(l)));
        } else if (scan && w.baseCommit() != null && Files.isDirectory(Path.of(w.path()))) {
            try {
                files.addAll(ChangedFiles.in(Path.of(w.path()), w.baseCommit()));
            } catch (GitException ignored) {
                // a forecast is best effort; the merge dry run is the exact check
            }
        }
        return files;
    }

    private static String pathOf(String diffstatLine) {
        int cut = diffstatLine.lastIndexOf(" +");
        String p = cut < 0 ? diffstatLine : diffstatLine.substring(0, cut);
        return p.contains(" → ") ? p.substring(p.indexOf(" → ") + 3) : p;
    }

    /**
     * For each of {@code jobs}, the other active jobs it shares files with: "overlaps X on a.py".
     * {@code fresh} jobs were just created and have changed nothing yet: only their declared
     * files count, and their worktrees are not scanned.
     */
    static Map<String, String> overlaps(List<Job> jobs, List<Job> active, Set<String> fresh) {
        Map<String, String> out = new LinkedHashMap<>();
        if (active.size() < 2) {
            return out;
        }
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        for (Job j : active) {
            touched.put(j.id(), touched(j, !fresh.contains(j.id())));
        }
        for (Job j : jobs) {
            Set<String> mine = touched.getOrDefault(j.id(), Set.of());
            List<String> notes = new ArrayList<>();
            for (Job other : active) {
                if (other.id().equals(j.id()) || mine.isEmpty()) {
                    continue;
                }
                List<String> shared = touched.get(other.id()).stream().filter(mine::contains).toList();
                if (!shared.isEmpty()) {
                    notes.add(other.id() + " on " + String.join(", ", shared.subList(0, Math.min(3, shared.size())))
                            + (shared.size() > 3 ? " (+" + (shared.size() - 3) + ")" : ""));
                }
            }
            if (!notes.isEmpty()) {
                out.put(j.id(), "overlaps " + String.join("; ", notes));
            }
        }
        return out;
    }

    /** Removes a job's worktree and branch after its work is merged (the branch only if fully merged). */
    static String cleanup(Workspace w, String into) {
        try {
            Worktree wt = toWorktree(w);
            if (Files.isDirectory(wt.path()) && WorkSaver.commitLeftovers(wt.path(), "bg-agents: late leftovers").isPresent()) {
                return "kept the worktree: it had new uncommitted work (now committed on " + w.branch() + ")";
            }
            // clean apart from ignored files (build output), so forcing loses nothing of the agent's work
            Worktrees.remove(wt, true);
            dev.bgagents.git.Merger.deleteBranch(wt.repo(), w.branch(), into, false);
            return "worktree and branch " + w.branch() + " removed";
        } catch (GitException e) {
            return "clean-up skipped: " + e.getMessage();
        }
    }
}
