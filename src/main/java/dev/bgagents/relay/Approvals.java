package dev.bgagents.relay;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Puts a tool the agent's profile does not allow to a person through the job's channel and waits for the
 * answer; at the deadline the relay itself writes the deny (first answer wins, so a person who answers in
 * the same instant is not contradicted: whichever answer stands is the one the agent gets).
 */
final class Approvals {
    static final Duration POLL = Duration.ofMillis(200);

    private final ChannelDir channel;
    private final Duration timeout;
    private final boolean ask;
    private final Clock clock;

    /** @param ask whether the job's permissions are {@code ask}; if not, a request is denied at once */
    Approvals(ChannelDir channel, Duration timeout, boolean ask, Clock clock) {
        this.channel = channel;
        this.timeout = timeout;
        this.ask = ask;
        this.clock = clock;
    }

    /** What the agent is told: the answer that stands, and the line written back to claude. */
    record Outcome(Answer answer, String reply) {
    }

    Outcome decide(ClaudeWire.ToolAsk ask) throws IOException, InterruptedException {
        if (ask.input() == null) {
            Answer no = new Answer("none", Answer.Decision.DENY, "too large to put to a person", "relay", clock.instant());
            return new Outcome(no, ClaudeWire.deny(ask, "denied: the request was too large to put to a person"));
        }
        if (!this.ask) {
            // claude asks only when told to (--permission-prompt-tool): a job not under `ask` never should
            Answer no = new Answer("none", Answer.Decision.DENY, "outside the job's permission profile", "relay",
                    clock.instant());
            return new Outcome(no, ClaudeWire.deny(ask, "denied: outside the job's permission profile"));
        }
        Instant now = clock.instant();
        PersonRequest r = new PersonRequest(ChannelDir.newId(), ask.tool(), ask.detail(), now, now.plus(timeout));
        channel.ask(r);
        Answer a = await(r);
        return new Outcome(a, a.decision() == Answer.Decision.ALLOW ? ClaudeWire.allow(ask)
                : ClaudeWire.deny(ask, denial(a, timeout)));
    }

    private Answer await(PersonRequest r) throws IOException, InterruptedException {
        while (true) {
            Optional<Answer> a = channel.answerOf(r.id());
            if (a.isPresent()) {
                return a.get();
            }
            if (!clock.instant().isBefore(r.deadline())) {
                channel.answer(new Answer(r.id(), Answer.Decision.DENY, null, "timeout", clock.instant()));
                // ours, or a person's that landed first
                Optional<Answer> stands = channel.answerOf(r.id());
                if (stands.isPresent()) {
                    return stands.get();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Who denied and why, for the model: it reads this as the tool's error. */
    static String denial(Answer a, Duration timeout) {
        if ("timeout".equals(a.by())) {
            return "no answer within " + timeout.toSeconds() + " s: denied";
        }
        String why = a.message() == null || a.message().isBlank() ? "" : ": " + a.message().strip();
        return "denied by the person" + why;
    }
}
