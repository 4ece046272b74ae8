package dev.bgagents.orchestration.person;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Clip;
import dev.bgagents.text.ServerText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a job asked a person and what came of it, in its summary: each request with its answer and who
 * gave it — so a deny the deadline made, which the agent was told of, is not news to the host later.
 */
public final class PersonSummary implements SummaryPart {
    /** More would crowd the summary: the count says how many were left out. */
    static final int SHOWN = 10;

    private final JobStore store;

    public PersonSummary(JobStore store) {
        this.store = store;
    }

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        ChannelDir channel = ChannelDir.of(store.files(job.id()).dir());
        List<PersonRequest> asked = asked(channel);
        if (asked.isEmpty()) {
            return;
        }
        out.own("Asked a person " + asked.size() + (asked.size() == 1 ? " time:" : " times:"));
        for (PersonRequest r : asked.subList(0, Math.min(SHOWN, asked.size()))) {
            out.own("- " + redactor.redact(Clip.oneLine(r.line(), 160)) + " — " + outcome(channel.answerOf(r.id()), r));
        }
        if (asked.size() > SHOWN) {
            out.own("- and " + (asked.size() - SHOWN) + " more (" + channel.requests() + ")");
        }
    }

    static String outcome(Optional<Answer> answer, PersonRequest r) {
        if (answer.isEmpty()) {
            return "no answer";
        }
        Answer a = answer.get();
        if ("timeout".equals(a.by())) {
            String limit = r.deadline() == null || r.askedAt() == null ? ""
                    : " within " + Math.round(java.time.Duration.between(r.askedAt(), r.deadline()).toMillis() / 1000.0) + " s";
            return "denied: no answer" + limit + " (the agent was told)";
        }
        return (a.decision() == Answer.Decision.ALLOW ? "allowed" : "denied") + " by " + a.by()
                + (a.message() == null ? "" : ": " + Clip.oneLine(a.message(), 120));
    }

    /** Every request of the channel, answered or not, oldest first. */
    static List<PersonRequest> asked(ChannelDir channel) {
        Path dir = channel.requests();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5)).filter(id -> id.matches("[A-Za-z0-9_-]{1,80}"))
                    .map(channel::request).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(PersonRequest::askedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
