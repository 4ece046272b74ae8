package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;
import dev.bgagents.git.GitException;
import dev.bgagents.git.IgnoredFiles;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.ProcessRuns;
import dev.bgagents.runtime.StepRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bootstrap step, first after a job's worktree is checked out: each dependency folder of the
 * checkout made again in the worktree — the checkout's own when the lockfile is the same ({@link
 * Reuse}, {@link FolderCopy}), installed when it differs — then the ignored files the project names
 * copied ({@link Includes}). What it did goes to {@code bootstrap.log} (an install's output too) and,
 * in a line, to the job's record. A failed install does not stop the job — its agent may be there to
 * fix the lockfile — and is said in that line.
 */
final class BootstrapStep implements JobStep {
    static final String NAME = "bootstrap";

    private final WorktreeSettings settings;
    private final Spares spares;

    BootstrapStep(WorktreeSettings settings, Spares spares) {
        this.settings = settings;
        this.spares = spares;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        if (!Fresh.worktree(job)) {
            return false;
        }
        Path main = job.workspace().repo();
        return Includes.named(main, settings.include()) || !Dependency.of(main, Fresh.subdir(job), settings).isEmpty();
    }

    @Override
    public Outcome run(StepRun run) {
        Job job = run.job();
        Workspace w = job.workspace();
        Path log = run.files().bootstrapLog();
        Duration limit = Fresh.limit(settings);
        List<String> did = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (Dependency d : Dependency.of(w.repo(), Fresh.subdir(job), settings)) {
            if (run.interruption() != null) {
                return run.soFar().saying("interrupted");
            }
            run.update(s -> s.activity(null, "bootstrap: " + d.folder()));
            String said = dependency(run, d, w, log, limit);
            if (said != null) {
                did.add(said);
                covered.add(d.folder());
            }
        }
        try {
            Includes.Copied c = Includes.copy(w.repo(), w.path(), settings.include(), covered);
            c.files().forEach(f -> write(log, "copied " + f));
            c.skipped().forEach(f -> write(log, "not copied: " + f));
            if (!c.files().isEmpty()) {
                did.add("copied " + Includes.shown(c.files()));
            }
            if (!c.skipped().isEmpty()) {
                did.add(c.skipped().size() + " named file" + (c.skipped().size() == 1 ? "" : "s") + " not copied (bootstrap.log)");
            }
        } catch (GitException | IOException e) {
            write(log, "cannot copy the files named in " + Includes.FILE + ": " + e.getMessage());
            did.add("files named in " + Includes.FILE + " not copied: " + e.getMessage());
        }
        return run.soFar().saying(did.isEmpty() ? "nothing" : "done").detailed(did.isEmpty() ? null : String.join("; ", did));
    }

    /** One dependency folder made in the worktree, or installed: what the summary says of it, or null for nothing. */
    private String dependency(StepRun run, Dependency d, Workspace w, Path log, Duration limit) {
        boolean ignored;
        try {
            ignored = IgnoredFiles.ignoresFolder(w.repo(), d.folder());
        } catch (GitException e) {
            ignored = false;
        }
        Reuse r = Reuse.decide(d, w.repo(), w.path(), ignored);
        write(log, d.folder() + ": " + r.way().name().toLowerCase() + " (" + r.why() + ")");
        long start = System.nanoTime();
        switch (r.way()) {
            case REUSE -> {
                return reuse(run, d, w, log, limit, start);
            }
            case INSTALL -> {
                for (List<String> argv : d.install()) {
                    write(log, "$ " + String.join(" ", argv));
                    ProcessRuns.Ran ran = run.runToEnd(argv, w.path().resolve(d.dir()), log, run.files().stepExit(), limit);
                    if (!ran.succeeded()) {
                        write(log, "`" + String.join(" ", argv) + "` " + ran.said(limit));
                        return d.folder() + ": `" + String.join(" ", argv) + "` " + ran.said(limit) + " (bootstrap.log)";
                    }
                }
                String said = d.folder() + " installed in " + seconds(start) + " s (" + r.why() + ")";
                write(log, said);
                return said;
            }
            default -> {
                return null;
            }
        }
    }

    /** The checkout's folder made again in the worktree: a spare taken, or a copy made; then the next job's spare. */
    private String reuse(StepRun run, Dependency d, Workspace w, Path log, Duration limit, long start) {
        Path source = w.repo().resolve(d.folder());
        Path made = w.path().resolve(d.folder());
        try {
            List<Path> locks = d.lockfilesIn(w.repo()).stream().map(w.repo()::resolve).toList();
            Optional<Path> spareHome = d.link() || !settings.spares() ? Optional.empty() : Spares.home(w.repo(), w.path());
            String fingerprint = spareHome.isPresent() ? Spares.fingerprint(source, locks) : null;
            FolderCopy.Made m = fingerprint != null && Reuse.inside(FolderCopy.nearestExisting(made.getParent()), w.path())
                    && Spares.take(spareHome.get(), Spares.name(d.folder()), fingerprint, made)
                    ? new FolderCopy.Made(FolderCopy.How.SPARE, null)
                    : FolderCopy.make(source, made, w.path(), locks.get(0), d.link(), log, limit, () -> run.interruption() != null);
            if (m.how() == null) {
                write(log, d.folder() + ": not made: " + m.failure());
                return d.folder() + " not reused: " + m.failure();
            }
            if (m.how() != FolderCopy.How.LINKED && VenvRelocation.isVenv(made)) {
                write(log, d.folder() + ": " + VenvRelocation.relocate(made, w.repo(), w.path())
                        + " files rewritten to the worktree's paths");
            }
            String said = d.folder() + " " + m.how().said + " in " + seconds(start) + " s";
            write(log, said);
            if (fingerprint != null) {
                spares.replenish(source, locks, spareHome.get(), Spares.name(d.folder()), fingerprint, log, limit);
            }
            return said;
        } catch (IOException e) {
            write(log, d.folder() + ": not made: " + e);
            return d.folder() + " not reused: " + e.getMessage();
        }
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }

    static void write(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for a person reading later; the record says what matters
        }
    }
}
