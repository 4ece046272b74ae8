package dev.bgagents.runtime;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.RunningJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Part of each watchdog pass: a running job whose channel has a request with no answer is waiting;
 * once every request is answered it runs again. The files are the truth, so a server that starts
 * again derives the same status from them; each request is told to the lifecycle once (and a
 * restarted server counts as told what its record already showed as waiting).
 */
final class PersonWaits {
    private static final Logger LOG = LoggerFactory.getLogger(PersonWaits.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    /** Per job, the requests already told (asked of the lifecycle). */
    private final Map<String, Set<String>> told = new ConcurrentHashMap<>();

    PersonWaits(JobStore store, JobLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    void pass(Collection<RunningJob> jobs) {
        Instant now = Instant.now();
        Set<String> seen = new HashSet<>();
        for (RunningJob a : jobs) {
            seen.add(a.id());
            if (!a.ending()) {
                look(a, now);
            }
        }
        told.keySet().retainAll(seen);
    }

    private void look(RunningJob a, Instant now) {
        ChannelDir channel = ChannelDir.of(a.files().dir());
        if (!java.nio.file.Files.isDirectory(channel.requests())) {
            return; // no relay has ever asked: the common case costs one stat
        }
        Job job = store.get(a.id()).orElse(null);
        if (job == null || !job.status().isStarted()) {
            return;
        }
        List<PersonRequest> pending = channel.pending();
        // first look since this server took the job: the request its record shows it waiting on was told
        String recorded = job.status() == JobStatus.WAITING ? String.valueOf(job.state().lastActivity()) : "";
        Set<String> mine = told.computeIfAbsent(a.id(), id -> new HashSet<>(pending.stream().map(PersonRequest::id)
                .filter(r -> recorded.contains("(request " + r + ")") || recorded.contains("(request " + r + ","))
                .toList()));
        if (pending.isEmpty()) {
            if (job.status() == JobStatus.WAITING) {
                String line = answered(channel, mine);
                store.updateState(a.id(), s -> s.waiting(false, line == null ? "answered; going on" : line));
            }
            return;
        }
        a.asking(now);
        String line = WaitLine.recorded(pending);
        if (job.status() != JobStatus.WAITING || !line.equals(job.state().lastActivity())) {
            // looked at again under the store's lock: an answer written since (and its flip to running) stands
            Job waiting = store.updateState(a.id(), s -> channel.pending().isEmpty() ? s : s.waiting(true, line));
            if (waiting.status() != JobStatus.WAITING) {
                return;
            }
            for (PersonRequest r : pending) {
                if (mine.add(r.id())) {
                    try {
                        lifecycle.waiting(waiting, r);
                    } catch (RuntimeException e) {
                        LOG.warn("telling that {} waits on {} failed: {}", a.id(), r.id(), e.toString());
                    }
                }
            }
        }
    }

    /** The latest answer's line, for the record while the agent goes on: {@code answered: allow (dashboard) — Bash: …}. */
    private static String answered(ChannelDir channel, Set<String> requests) {
        return requests.stream().map(id -> channel.answerOf(id)).flatMap(java.util.Optional::stream)
                .max(java.util.Comparator.comparing(Answer::at, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .map(x -> "answered: " + x.decision().name().toLowerCase() + " by " + x.by()
                        + channel.request(x.id()).map(r -> " — " + r.line()).orElse(""))
                .orElse(null);
    }
}
