package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Several servers on one project (one per host session in the repository): each runs only the
 * jobs it holds ({@link Owners}); it reads in the jobs the others record, follows their records,
 * forwards a cancel to a job's owner through the job's cancel request, and takes over the jobs
 * of a server that died — as a restarted server would.
 */
final class Coordination {
    private static final Logger LOG = LoggerFactory.getLogger(Coordination.class);

    /**
     * What one look at the project found for this server to do.
     *
     * @param cancel  jobs it runs that another server asked it to cancel
     * @param adopted jobs of a server that is gone, now this one's (the running ones to attach to)
     */
    record Look(List<String> cancel, List<Job> adopted) {
    }

    private final JobStore store;
    private final Owners owners;

    Coordination(JobStore store, Owners owners) {
        this.store = store;
        this.owners = owners;
    }

    boolean claim(Job job) {
        return owners.acquire(job.id(), store.files(job.id()));
    }

    boolean owns(String id) {
        return owners.owns(id);
    }

    /** Reads in the others' new jobs and changed records; takes cancel requests and orphaned jobs. */
    Look look() {
        store.discover();
        List<String> cancel = new ArrayList<>();
        List<Job> adopted = new ArrayList<>();
        for (Job job : store.all()) {
            if (job.status().isTerminal()) {
                continue;
            }
            if (owners.owns(job.id())) {
                Path request = store.files(job.id()).cancelRequest();
                if (Files.exists(request)) {
                    try {
                        Files.delete(request);
                        cancel.add(job.id());
                    } catch (IOException e) {
                        LOG.warn("cannot take the cancel request of {}: {}", job.id(), e.toString());
                    }
                }
                continue;
            }
            Job now = store.refresh(job.id());
            if (now.status().isActive() && claim(now)) {
                // its owner may have recorded the end just before it let go
                now = store.refresh(job.id());
                if (now.status().isTerminal()) {
                    owners.release(job.id());
                    continue;
                }
                LOG.info("job {}: the server that ran it is gone; this one takes it over", job.id());
                adopted.add(now);
            }
        }
        return new Look(cancel, adopted);
    }

    /** Asks the server that runs the job to cancel it, and waits until its record says it ended. */
    Job cancelElsewhere(String id, Duration limit) {
        try {
            Files.writeString(store.files(id).cancelRequest(), "cancel requested by pid "
                    + ProcessHandle.current().pid() + " at " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask the server running " + id + " to cancel it: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + limit.toNanos();
        Job job = store.refresh(id);
        while (job.status().isActive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = owners.owns(id) ? store.get(id).orElseThrow() : store.refresh(id);
        }
        return job;
    }

    /** Slots taken in the whole project: every server's running and starting jobs, as on disk now. */
    int slotsTaken() {
        store.discover();
        int taken = 0;
        for (Job job : store.all()) {
            Job now = job.status().isActive() && !owns(job.id()) ? store.refresh(job.id()) : job;
            if (now.state().holdsSlot() && now.spec().runner() == null) { // a pod takes no slot of this machine
                taken++;
            }
        }
        return taken;
    }
}
