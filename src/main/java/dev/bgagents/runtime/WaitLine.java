package dev.bgagents.runtime;

import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.project.JobDir;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A waiting job's line: what it asks, which request, when no answer becomes a deny. The record keeps
 * it without the countdown (a record rewritten every second would wake every waiter); readers add the
 * countdown from the channel's files as they look.
 */
public final class WaitLine {
    static final String PREFIX = "waits for an answer: ";

    private WaitLine() {
    }

    /** As recorded: {@code waits for an answer: Bash: rm -rf build (request r1)}. */
    static String recorded(List<PersonRequest> pending) {
        PersonRequest r = pending.get(0);
        return PREFIX + r.line() + " (request " + r.id() + more(pending) + ")";
    }

    /** As read now: {@code waits for an answer: Bash: rm -rf build (request r1; deny in 4m58s)}. */
    public static String now(List<PersonRequest> pending, Instant now) {
        PersonRequest r = pending.get(0);
        return PREFIX + r.line() + " (request " + r.id() + more(pending) + "; deny in " + left(r, now) + ")";
    }

    /** A waiting job's line read from its channel now; its recorded activity when the channel has nothing pending. */
    public static String of(Job job, JobDir files, Instant now) {
        if (job.status() != JobStatus.WAITING) {
            return job.state().lastActivity();
        }
        List<PersonRequest> pending = ChannelDir.of(files.dir()).pending();
        return pending.isEmpty() ? job.state().lastActivity() : now(pending, now);
    }

    private static String more(List<PersonRequest> pending) {
        return pending.size() > 1 ? ", and " + (pending.size() - 1) + " more" : "";
    }

    /** Time left before the relay denies it, as {@code 4m58s}; {@code 0s} once past. */
    static String left(PersonRequest r, Instant now) {
        if (r.deadline() == null) {
            return "?";
        }
        long s = Math.max(0, Duration.between(now, r.deadline()).toSeconds());
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
