package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.project.JobDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a server does with a job it takes over (at start, or from a server that died): the
 * moment between "a slot is taken" and "running, pid N" on record is where a crash could make
 * an agent run twice, so such a job is looked for by its tag, then by its output, and started
 * again only when nothing of it ever ran.
 */
final class InterruptedStarts {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedStarts.class);

    private InterruptedStarts() {
    }

    /**
     * A job this server now owns that an earlier one left active: a running one is watched again;
     * one it was starting when it died is looked for by its tag before anything starts it again,
     * so no agent ever runs twice.
     */
    static void take(Job job, JobStore store, ProcessControl processes, JobRunner runner) {
        if (job.status().isStarted()) {
            runner.attach(job, null);
            return;
        }
        if (job.status() != JobStatus.QUEUED || job.state().launchingAt() == null) {
            return;
        }
        Optional<ProcessControl.Launched> found = processes.find(job.id());
        JobDir files = store.files(job.id());
        Optional<StepRecord> cut = job.state().unfinishedStep();
        if (cut.isPresent()) {
            // a step before the agent was cut short (the checkout, the setup): no agent ran yet, and what
            // carries the job's tag is that step's own process — stopped, and the step done again
            found.ifPresent(l -> processes.kill(l.pid(), l.startTicks(), job.id(), runner.grace()));
            LOG.info("job {}: its {} step was cut short by a server that stopped; it starts again", job.id(),
                    cut.get().name());
            store.updateState(job.id(), s -> s.launching(null));
        } else if (found.isPresent()) {
            ProcessControl.Launched l = found.get();
            LOG.info("job {} was started by a server that stopped before recording it; watching pid {}", job.id(),
                    l.pid());
            runner.attach(store.updateState(job.id(), s -> s.running(l.pid(), l.startTicks(), s.launchingAt())), null);
        } else if (Files.exists(files.exit()) || size(files.stdout()) > 0 || size(files.stderr()) > 0) {
            LOG.info("job {} ran and ended while no server recorded it; finishing it", job.id());
            runner.attach(store.updateState(job.id(), s -> s.running(0, 0, s.launchingAt())), null);
        } else {
            // nothing of it ever ran: it may start (once) as any queued job
            store.updateState(job.id(), s -> s.launching(null));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
