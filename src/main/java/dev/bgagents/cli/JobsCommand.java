package dev.bgagents.cli;

import dev.bgagents.jobs.Job;
import dev.bgagents.project.JobDir;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.StateLayout;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** {@code jobs} and {@code tail}: the job journal for people at a terminal (stdout is theirs here). */
public final class JobsCommand {
    private JobsCommand() {
    }

    private static JobStore load(Path project) throws IOException {
        JobStore store = new JobStore(new StateLayout(project).jobs());
        store.load();
        return store;
    }

    public static int list(Path project) throws IOException {
        JobStore store = load(project);
        if (store.all().isEmpty()) {
            System.out.println("no jobs under " + store.root());
            return 0;
        }
        Instant now = Instant.now();
        System.out.printf("%-18s %-10s %-9s %6s  %s%n", "JOB", "STATUS", "PROVIDER", "SECS", "TASK");
        for (Job j : store.all()) {
            Optional<Exited> exited = exited(j, store.files(j.id()));
            String status = exited.map(e -> "exited " + e.code()).orElse(j.status().wire());
            long secs = exited.filter(e -> j.state().startedAt() != null)
                    .map(e -> java.time.Duration.between(j.state().startedAt(), e.at()).toSeconds())
                    .orElse(j.elapsedSeconds(now));
            System.out.printf("%-18s %-10s %-9s %6d  %s%n", j.id(), status, j.spec().provider(), secs, j.spec().title());
        }
        return 0;
    }

    /** The agent's exit, when its record still says running: the launcher wrote it, no server has read it yet. */
    record Exited(String code, Instant at) {
    }

    static Optional<Exited> exited(Job job, JobDir files) {
        if (job.status().isTerminal()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Exited(Files.readString(files.exit()).strip(),
                    Files.getLastModifiedTime(files.exit()).toInstant()));
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    /** Prints a job's stdout as it grows until the job ends, then its summary. */
    public static int tail(Path project, String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: bg-agents tail JOB_ID");
            return 2;
        }
        String id = args[0];
        if (!JobStore.ID.matcher(id).matches()) {
            System.err.println("bg-agents: malformed job id \"" + id + "\" (see: bg-agents jobs)");
            return 2;
        }
        JobStore store = load(project);
        if (store.get(id).isEmpty()) {
            System.err.println("bg-agents: unknown job " + id + " (see: bg-agents jobs)");
            return 2;
        }
        JobDir files = store.files(id);
        long offset = 0;
        long exitSeen = 0;
        while (true) {
            offset = copyNew(files.stdout(), offset);
            Optional<Job> job = reload(project, id);
            boolean ended = job.isPresent() && job.get().status().isTerminal();
            if (!ended && Files.exists(files.exit()) && exitSeen == 0) {
                exitSeen = System.nanoTime(); // the agent is done: its server records the end in a moment
            }
            boolean noOneRecords = exitSeen != 0 && System.nanoTime() - exitSeen > RECORD_GRACE_NANOS;
            if (ended || noOneRecords) {
                copyNew(files.stdout(), offset);
                System.out.println();
                if (ended && Files.exists(files.summary())) {
                    System.out.print(Files.readString(files.summary()));
                } else if (ended) {
                    System.out.println(id + " " + job.get().status().wire());
                } else {
                    System.out.println(id + " exited with code " + Files.readString(files.exit()).strip()
                            + "; no server has recorded its end yet (its summary is written when one does)");
                }
                return 0;
            }
            Thread.sleep(200);
        }
    }

    /** How long after the agent's exit tail waits for a server to record the end and write the summary. */
    private static final long RECORD_GRACE_NANOS = 5_000_000_000L;

    private static Optional<Job> reload(Path project, String id) throws IOException {
        return load(project).get(id);
    }

    private static long copyNew(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return offset;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) {
                return offset;
            }
            byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            System.out.print(new String(b, StandardCharsets.UTF_8));
            System.out.flush();
            return offset + b.length;
        }
    }

    /** {@code gc [--force]}: removes worktrees of merged jobs and of cancelled jobs that did nothing. */
    public static int gc(Path project, String[] args) throws IOException {
        for (String a : args) {
            if (!a.equals("--force")) {
                System.err.println("bg-agents gc: unknown argument \"" + a + "\"\nusage: bg-agents gc [--force]");
                return 2;
            }
        }
        boolean force = args.length > 0;
        JobStore store = load(project);
        var report = dev.bgagents.orchestration.WorktreeGc.run(store, java.time.Duration.ZERO, force);
        report.removed().forEach(l -> System.out.println("removed  " + l));
        report.kept().forEach(l -> System.out.println("kept     " + l));
        if (report.removed().isEmpty() && report.kept().isEmpty()) {
            System.out.println("nothing to clean up");
        }
        return 0;
    }
}
