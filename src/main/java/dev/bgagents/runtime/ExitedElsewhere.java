package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.OutputFollower;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A job another server runs whose agent has exited: its record still says running until that
 * server records the end, but the launcher's exit record and the output already say how it
 * ended. Read here as ended — never written: the record stays its owner's to write.
 */
final class ExitedElsewhere {
    private static final int STDERR_TAIL_BYTES = 4096;

    /** What one exit record was read as, so a job is parsed once however often it is asked about. */
    private record Seen(FileTime exitWritten, Job ended) {
    }

    private final AgentAdapters agents;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    ExitedElsewhere(AgentAdapters agents) {
        this.agents = agents;
    }

    /** The job as ended when it is still running on record and its exit record is there; else empty. */
    Optional<Job> ended(Job job, JobDir files) {
        if (!job.status().isActive()) {
            seen.remove(job.id());
            return Optional.empty();
        }
        if (job.spec().verify() != null) {
            return Optional.empty(); // its agent's exit is not its end: its owner checks the work (and may run a fix round)
        }
        FileTime written;
        try {
            written = Files.getLastModifiedTime(files.exit());
        } catch (IOException noExitYet) {
            return Optional.empty();
        }
        Seen known = seen.get(job.id());
        if (known != null && known.exitWritten().equals(written)) {
            return Optional.of(known.ended());
        }
        try {
            Job ended = read(job, files);
            seen.put(job.id(), new Seen(written, ended));
            return Optional.of(ended);
        } catch (RuntimeException unreadable) {
            // a provider only its owner's config names, say: its owner records the end, as before
            return Optional.empty();
        }
    }

    /**
     * Every 50 ms, a stat per job another server runs: its waiters here wake within ~0.1 s of the
     * agent's exit (56 ms median in bench/spine.sh), not when its owner's record says so.
     */
    void watch(java.util.concurrent.ScheduledExecutorService ticker, JobStore store, Predicate<String> owned) {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                wakeWaiters(store, owned);
            } catch (RuntimeException e) {
                // a task that throws is never run again: this one must keep running
            }
        }, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Waiters on another server's job wake when its agent exits, not when its record says so. */
    void wakeWaiters(JobStore store, Predicate<String> owned) {
        boolean any = false;
        for (Job j : store.all()) {
            // ended() reads what it can and never throws: a pass of the runtime's ticker must not die here
            if (j.status().isActive() && !owned.test(j.id())) {
                boolean before = seen.containsKey(j.id());
                any |= ended(j, store.files(j.id())).isPresent() && !before;
            }
        }
        if (any) {
            store.changed();
        }
    }

    private Job read(Job job, JobDir files) {
        StreamParser parser = agents.parser(job.spec().provider());
        OutputFollower out = new OutputFollower(files.stdout(), parser::line);
        out.drain();
        Integer exit = ExitRecord.status(files.exit());
        AgentReport report = parser.finish(exit, StateFiles.tail(files.stderr(), STDERR_TAIL_BYTES));
        JobState state = job.state().activity(report.sessionId(), parser.lastActivity())
                .ended(report.succeeded() ? JobStatus.SUCCEEDED : JobStatus.FAILED, exit, report.reason(),
                        ExitRecord.when(files.exit(), job.state().startedAt()));
        return new Job(job.spec(), state, report, job.workspace());
    }
}
