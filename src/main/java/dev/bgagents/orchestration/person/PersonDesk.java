package dev.bgagents.orchestration.person;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.channel.RelayInfo;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.core.Ids;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a person's word to a running job goes in: answers to its questions, messages and interrupts,
 * written to the job's channel ({@link ChannelDir}) whoever says them — the host through
 * resume_session, the dashboard, an elicitation. Resuming an ended job is passed on unchanged.
 */
public final class PersonDesk implements Resuming {
    private final Resuming resumes;
    private final Ids ids;
    private final JobStore store;

    public PersonDesk(Resuming resumes, Ids ids, JobStore store) {
        this.resumes = resumes;
        this.ids = ids;
        this.store = store;
    }

    @Override
    public Resumed resume(Request request) {
        return resumes.resume(request);
    }

    @Override
    public Told tell(Word w) {
        Job job = ids.seen(w.jobId());
        if (w.decision() != null && w.interrupt()) {
            throw new Refusal("pass answer or interrupt, not both: an answer already lets " + job.id() + " go on");
        }
        if (w.decision() == null && !w.interrupt() && !job.status().isStarted()) {
            return null; // a follow-up to a job that is not running: a resume
        }
        if (!job.status().isStarted()) {
            throw new Refusal(job.id() + " is " + job.status().wire() + ": " + (w.interrupt() ? "nothing to interrupt"
                    : "no question to answer") + (job.status().isTerminal() ? "; resume_session {job_id, prompt} continues it"
                    : " until it starts"));
        }
        ChannelDir channel = ChannelDir.of(store.files(job.id()).dir());
        return w.decision() != null ? answer(job, channel, w) : send(job, channel, w);
    }

    private Told answer(Job job, ChannelDir channel, Word w) {
        Answer.Decision decision = switch (w.decision()) {
            case "allow" -> Answer.Decision.ALLOW;
            case "deny" -> Answer.Decision.DENY;
            default -> throw new Refusal("answer is allow or deny, not " + Refusal.quoted(w.decision()));
        };
        List<PersonRequest> pending = channel.pending();
        if (pending.isEmpty()) {
            throw new Refusal(job.id() + " is not waiting for an answer (it is " + job.status().wire() + ")"
                    + (job.spec().run().permissions().equals("ask") ? "" : "; only a job spawned with permissions "
                    + "\"ask\" asks") + ": a prompt alone sends it a message");
        }
        PersonRequest r = w.requestId() == null ? pending.get(0) : pending.stream()
                .filter(p -> p.id().equals(w.requestId())).findFirst()
                .orElseThrow(() -> new Refusal("request " + Refusal.quoted(w.requestId()) + " is not pending on " + job.id()
                        + ": pending " + String.join(", ", pending.stream().map(PersonRequest::id).toList())));
        String message = blankToNull(w.message());
        try {
            if (!channel.answer(new Answer(r.id(), decision, message, w.by(), Instant.now()))) {
                Optional<Answer> first = channel.answerOf(r.id());
                throw new Refusal("request " + r.id() + " of " + job.id() + " was answered already"
                        + first.map(a -> " (" + a.decision().name().toLowerCase() + " by " + a.by() + ")").orElse(""));
            }
        } catch (IOException e) {
            throw new Refusal("cannot write the answer into " + channel.dir() + ": " + e.getMessage());
        }
        String word = decision == Answer.Decision.ALLOW ? "Allowed" : "Denied";
        Job now = pending.size() == 1 ? store.updateState(job.id(), s -> s.waiting(false, "answered: "
                + decision.name().toLowerCase() + " by " + w.by() + " — " + r.line())) : store.get(job.id()).orElse(job);
        String delivery = "the relay passes it to the agent now" + (message == null ? "" : ", with your message");
        return new Told(now, word + " " + r.line() + " (request " + r.id() + ") for " + job.id() + ": " + delivery
                + (pending.size() > 1 ? "; " + (pending.size() - 1) + " more request(s) wait" : "") + ".", delivery);
    }

    private Told send(Job job, ChannelDir channel, Word w) {
        String text = blankToNull(w.message());
        if (text == null && !w.interrupt()) {
            throw new Refusal("prompt is empty: say what " + job.id() + " should do");
        }
        Optional<RelayInfo> relay = channel.relay();
        boolean live = relay.map(r -> w.interrupt() ? r.interrupt() : r.steering()).orElse(false);
        String delivery = w.interrupt()
                ? (live ? "its relay stops the current turn now, keeping the work and the session"
                : "its current turn is stopped by interrupting it, keeping the work; it is resumed in its session")
                + (text == null ? "" : ", then given your message")
                : live ? "its relay gives it to the agent live, at its next turn boundary"
                : "at its next turn boundary by interrupting and resuming it in its session";
        try {
            channel.send(new InboxMessage(ChannelDir.newId(), w.interrupt() ? InboxMessage.Kind.INTERRUPT
                    : InboxMessage.Kind.MESSAGE, text, w.by(), Instant.now()));
        } catch (IOException e) {
            throw new Refusal("cannot write the message into " + channel.dir() + ": " + e.getMessage());
        }
        String waits = job.status() == JobStatus.WAITING ? " (it still waits for an answer: answer \"allow\"|\"deny\")" : "";
        return new Told(job, (w.interrupt() ? "Interrupt sent to " : "Message sent to ") + job.id() + ": " + delivery
                + waits + ". Same job: job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}.", delivery);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
