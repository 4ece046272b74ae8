package dev.bgagents.orchestration.checks;

import dev.bgagents.git.GitException;
import dev.bgagents.git.ScratchTrees;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.BaseVerdict;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.runtime.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a check that failed on a job's work fails on the commit the job started from as well: a
 * project whose own tests are red today does not make every job on it fail. Asked once per base
 * commit and command ({@link BaseVerdicts}, kept in the project's state); run, when not asked yet,
 * in a scratch checkout of the base beside the job's worktree — detached, outside the checkout,
 * confined as the job's check is, removed after — never in the job's worktree, which is the job's.
 *
 * <p>A fresh checkout of the base has none of what the project's install step made (a node project
 * has no {@code node_modules}), and a check that needs them fails there and proves nothing. So the
 * base borrows the job worktree's dependency folders — links to them, which a confined check can
 * read but not write. A base that cannot be checked out, or a check that cannot run or finish
 * there, says nothing about the base: the job is judged as if it had not been asked, and its
 * summary says so.
 */
final class BaseCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BaseCheck.class);
    /** Folders a project's install step fills and git ignores: what a fresh checkout lacks to run its check. */
    static final List<String> DEPENDENCY_FOLDERS = List.of("node_modules", ".venv", "venv");

    private final BaseVerdicts verdicts;
    private final CheckRun checks;
    /** One run per base and command at a time in this server: the second job on a base reads the first's verdict. */
    private final ConcurrentHashMap<String, ReentrantLock> running = new ConcurrentHashMap<>();

    BaseCheck(BaseVerdicts verdicts, CheckRun checks) {
        this.verdicts = verdicts;
        this.checks = checks;
    }

    /** How the job's check goes on its base; null for a job with no base to judge against (one run in place). */
    BaseVerdict judge(StepRun run, Job job) {
        Workspace w = job.workspace();
        if (w == null || w.baseCommit() == null) {
            return null;
        }
        String commit = w.baseCommit();
        if (!commit.matches("[0-9a-f]{40,64}")) {
            return BaseVerdict.unknown(commit, "the job's base is not a commit id");
        }
        VerifySpec spec = job.spec().verify();
        Path within = w.path().relativize(Path.of(job.spec().workdir()));
        // what the base borrows is part of the question: a verdict reached without the job's
        // dependencies says nothing of a job that has them
        List<String> lent = lendable(w.path(), within);
        ReentrantLock lock = running.computeIfAbsent(commit + "\0" + String.join("\0", spec.command()) + "\0\0"
                + String.join("\0", lent), k -> new ReentrantLock());
        if (!take(lock, run)) {
            return BaseVerdict.unknown(commit, "the job was stopped");
        }
        try {
            var known = verdicts.get(commit, spec.command(), lent);
            if (known.isPresent()) {
                return new BaseVerdict(commit, known.get().outcome(), known.get().exitCode(), null);
            }
            BaseVerdict v = runOnBase(run, job, within, lent);
            if (v.passed() || v.failed()) {
                try {
                    verdicts.put(new BaseVerdicts.Entry(commit, spec.command(), lent, v.outcome(), v.exitCode(),
                            Instant.now()));
                } catch (IOException e) {
                    LOG.warn("job {}: the base's verdict is not kept: {}", job.id(), e.toString());
                }
            }
            return v;
        } finally {
            lock.unlock();
        }
    }

    private BaseVerdict runOnBase(StepRun run, Job job, Path within, List<String> lent) {
        Workspace w = job.workspace();
        String commit = w.baseCommit();
        String shortCommit = commit.substring(0, 7);
        run.update(s -> s.activity(null, "checking: " + job.spec().verify().shown() + " on the base (" + shortCommit + ")"));
        Path tree = w.path().resolveSibling(w.path().getFileName() + ".base");
        try {
            ScratchTrees.add(w.repo(), tree, commit);
        } catch (GitException e) {
            return BaseVerdict.unknown(commit, "the base could not be checked out: " + e.getMessage());
        }
        try {
            Path workdir = tree.resolve(within);
            if (!Files.isDirectory(workdir)) {
                return BaseVerdict.unknown(commit, "the base has no " + within);
            }
            List<Path> borrowed = borrow(w.path(), tree, lent);
            var at = new CheckRun.Place(tree, workdir, borrowed, run.files().baseVerifyLog(), run.files().baseVerifyExit());
            CheckRun.Ran r = checks.run(run, at, TailLines.none());
            return switch (r.outcome()) {
                case Verification.PASSED, Verification.FAILED -> new BaseVerdict(commit, r.outcome(), r.exitCode(), null);
                case Verification.TIMED_OUT -> BaseVerdict.unknown(commit, "it timed out there too");
                default -> BaseVerdict.unknown(commit, r.exitCode() != null ? "it exited " + r.exitCode()
                        + " there (command not found)" : r.text() != null ? r.text() : "the job was stopped");
            };
        } finally {
            try {
                ScratchTrees.remove(w.repo(), tree);
            } catch (GitException e) {
                LOG.warn("job {}: the base's checkout {} is left: {}", job.id(), tree, e.getMessage());
            }
        }
    }

    /**
     * The job worktree's dependency folders, as paths from its top: at the top, and where the job
     * works when that is deeper. Folders, not links to elsewhere.
     */
    private static List<String> lendable(Path jobTree, Path within) {
        List<Path> levels = new ArrayList<>(List.of(Path.of("")));
        if (!within.toString().isEmpty()) {
            levels.add(within);
        }
        List<String> found = new ArrayList<>();
        for (Path level : levels) {
            for (String name : DEPENDENCY_FOLDERS) {
                if (Files.isDirectory(jobTree.resolve(level).resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    found.add(level.resolve(name).toString());
                }
            }
        }
        return found;
    }

    /**
     * Links each of {@code lent} the base lacks to the job worktree's: the base gets what the job's
     * install made, read-only when confined. The folders linked to, which a confined check must be let read.
     */
    private static List<Path> borrow(Path jobTree, Path baseTree, List<String> lent) {
        List<Path> linked = new ArrayList<>();
        for (String folder : lent) {
            Path theirs = jobTree.resolve(folder);
            Path ours = baseTree.resolve(folder);
            if (Files.exists(ours, LinkOption.NOFOLLOW_LINKS)) {
                continue; // the base has its own (committed): it is the base's to use
            }
            try {
                Files.createSymbolicLink(ours, theirs);
                linked.add(theirs);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.info("cannot lend {} to the base's checkout: {}", theirs, e.toString());
            }
        }
        return linked;
    }

    /** Waits for another job's run on the same base, unless this job is stopped meanwhile. */
    private static boolean take(ReentrantLock lock, StepRun run) {
        try {
            while (!lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                if (run.interruption() != null) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
