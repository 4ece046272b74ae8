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
            System.out.printf("%-18s %-10s %-9s %6d  %s%n", j.id(), j.status().wire(), j.spec().provider(),
                    j.elapsedSeconds(now), j.spec().title());
        }
        return 0;
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
        while (true) {
            offset = copyNew(files.stdout(), offset);
            Optional<Job> job = reload(project, id);
            if (job.isPresent() && job.get().status().isTerminal()) {
                copyNew(files.stdout(), offset);
                System.out.println();
                if (Files.exists(files.summary())) {
                    System.out.print(Files.readString(files.summary()));
                } else {
                    System.out.println(id + " " + job.get().status().wire());
                }
                return 0;
            }
            Thread.sleep(500);
        }
    }

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
        boolean force = java.util.Arrays.asList(args).contains("--force");
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
