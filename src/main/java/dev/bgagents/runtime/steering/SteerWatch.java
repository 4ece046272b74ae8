package dev.bgagents.runtime.steering;

import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.RelayInfo;
import dev.bgagents.process.Ending;
import dev.bgagents.process.RunningJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Steering by interrupt and resume, for a running agent no relay steers live (no {@code relay.json}, or
 * one without {@code steering}): at each watchdog pass, a job with a message waiting in its inbox is
 * watched for the next turn boundary its output shows after the message was seen, and stopped there
 * ({@link Ending#steer}); an interrupt, or a message to a CLI whose boundaries are unknown, stops it at
 * once. The stop goes on record first ({@link SteerIntent}), so whichever server notices the round's end
 * resumes the job rather than failing it; the message is taken, and the agent resumed with it, by the
 * job's steering step after its work is sealed. A message left while no server ran is seen at the first
 * pass of the next one, which re-attaches the job.
 */
public final class SteerWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SteerWatch.class);

    /** How the runtime stops a job's agent whose end is decided: on a finisher thread (SIGTERM, then SIGKILL). */
    public interface Stop {
        void stop(RunningJob job, Ending how);
    }

    private final Function<RunningJob, String> cliOf;
    private final Stop stop;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** {@code cliOf}: the CLI a job's agent is ({@code claude}, {@code codex}, …; any other: none known). */
    public SteerWatch(Function<RunningJob, String> cliOf, Stop stop) {
        this.cliOf = cliOf;
        this.stop = stop;
    }

    /** One pass; only ever on the ticker thread. */
    public void pass(Collection<RunningJob> jobs) {
        Set<String> seen = new HashSet<>();
        for (RunningJob a : jobs) {
            seen.add(a.id());
            if (a.ending()) {
                continue;
            }
            ChannelDir channel = ChannelDir.of(a.files().dir());
            List<InboxMessage> inbox = channel.waiting();
            if (inbox.isEmpty() || channel.relay().map(RelayInfo::steering).orElse(false)) {
                waiting.remove(a.id());
                continue;
            }
            InboxMessage m = inbox.get(0);
            Waiting w = waiting.compute(a.id(), (id, was) -> was != null && was.messageId().equals(m.id()) ? was
                    : new Waiting(m.id(), Instant.now(), new BoundaryFollower(a.files().stdout(),
                    TurnBoundary.of(cliOf.apply(a)))));
            String why = why(m, w);
            if (why != null) {
                steer(a, channel, m, w, why);
            }
        }
        waiting.keySet().retainAll(seen);
    }

    /** Why the agent stops now for {@code m}, or null while it waits for a turn boundary. */
    private static String why(InboxMessage m, Waiting w) {
        if (m.kind() == InboxMessage.Kind.INTERRUPT) {
            return "interrupted";
        }
        if (!w.boundaries().known()) {
            return "stopped at once to take a steering message (no turn boundary known for its CLI)";
        }
        return w.boundaries().reached() ? "stopped at a turn boundary to take a steering message" : null;
    }

    private void steer(RunningJob a, ChannelDir channel, InboxMessage m, Waiting w, String why) {
        SteerIntent intent = new SteerIntent(m.id(), m.kind(), w.noticedAt(), Instant.now());
        waiting.remove(a.id());
        // on record once the stop is ours (a cancel that came first must not be resumed) and before the
        // kill: a server that dies in between leaves the agent running, and the next one steers it again
        Ending how = Ending.steer(why);
        if (!a.end(how)) {
            return; // it exited, or a cancel came, first
        }
        try {
            intent.write(channel);
        } catch (IOException e) {
            // the job then ends cancelled, saying why it was stopped; the message stays in the inbox
            LOG.warn("job {}: the steer could not be put on record: {}", a.id(), e.toString());
        }
        LOG.info("job {}: {} ({} ms after message {} was seen)", a.id(), why,
                java.time.Duration.between(w.noticedAt(), intent.stoppedAt()).toMillis(), m.id());
        stop.stop(a, how);
    }

    private record Waiting(String messageId, Instant noticedAt, BoundaryFollower boundaries) {
    }
}
