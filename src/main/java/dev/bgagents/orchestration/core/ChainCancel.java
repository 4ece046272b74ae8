package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.JobDir;
import dev.bgagents.runtime.JobRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * A cancel stops a job's fallback chain, however it meets the job's end. A job that fails for its
 * provider has its task submitted on the next provider just before its own end is recorded, so a
 * cancel that comes then finds a job still running, whose end it can only wait for. Two things close
 * that window, in this order on both sides: the cancel marks the job on disk before stopping it, and
 * the fallback is decided on that mark ({@link #requested}) — a marked job ends cancelled, its task
 * going nowhere; and once the job has ended, the cancel follows its chain — a fallback decided before
 * the mark is on record by then (before the end it waited for) and is cancelled too.
 */
public final class ChainCancel {
    private static final Logger LOG = LoggerFactory.getLogger(ChainCancel.class);
    /** As {@link FallbackChain#from} reads a chain: no more jobs than this. */
    private static final int LONGEST = 32;

    private ChainCancel() {
    }

    /** Cancels {@code id} and what took its task over; the chain's last job, as the cancel left it. */
    static Job cancel(JobStore store, JobRuntime runtime, String id) {
        Job now = stop(store, runtime, id);
        for (int i = 0; i < LONGEST; i++) {
            Optional<Job> next = FallbackChain.next(store, now);
            if (next.isEmpty()) {
                break;
            }
            LOG.info("cancel of {}: {} had taken its task over, cancelled too", id, next.get().id());
            now = stop(store, runtime, next.get().id());
        }
        return now;
    }

    private static Job stop(JobStore store, JobRuntime runtime, String id) {
        JobDir files = store.files(id);
        try {
            // read wherever the job ends: here, or on the server that runs it (asked through its cancel request)
            Files.writeString(files.chainCancel(), "cancel requested by pid " + ProcessHandle.current().pid()
                    + " at " + Instant.now() + "\n");
        } catch (IOException e) {
            // the chain is still followed once the job has ended: its fallback, if any, is cancelled then
            LOG.warn("cannot mark {} cancelled for its fallback chain: {}", id, e.toString());
        }
        return runtime.cancel(id);
    }

    /** Whether a cancel came for the job: ending failed for its provider, it is recorded cancelled instead. */
    public static boolean requested(JobDir files) {
        return Files.exists(files.chainCancel());
    }
}
