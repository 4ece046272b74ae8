package dev.bgagents.orchestration.steering;

import dev.bgagents.agents.Invocation;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.Verification;
import dev.bgagents.process.Ending;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;
import dev.bgagents.runtime.steering.SteerIntent;
import dev.bgagents.text.Clip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After an agent round the server stopped to steer ({@link SteerIntent} on record), its work already
 * sealed on the job's branch: takes the message from the job's inbox (once: a rename) and starts the
 * agent's next round in the same job and worktree, resumed in its session with the message — the fix
 * rounds' way of going on, so the record shows the steer as this step and the next agent round. An
 * interrupt with no message ends the job {@code cancelled}: a person stopped it, and nothing failed; its
 * work is on its branch and its session can be resumed.
 */
public final class SteerStep implements JobStep {
    private static final Logger LOG = LoggerFactory.getLogger(SteerStep.class);
    static final String NAME = StepRecord.STEER;
    static final String INTERRUPTED = "interrupted: its work is kept on its branch and its session can be resumed "
            + "(resume_session)";

    /** The command of the agent's next round: resumed in its own session, told {@code prompt}. */
    public interface NextRound {
        Invocation of(Job job, String sessionId, String prompt);
    }

    private final JobStore store;
    private final NextRound nextRound;

    public SteerStep(JobStore store, NextRound nextRound) {
        this.store = store;
        this.nextRound = nextRound;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return SteerIntent.of(ChannelDir.of(store.files(job.id()).dir())).isPresent();
    }

    @Override
    public Outcome run(StepRun run) {
        ChannelDir channel = ChannelDir.of(run.files().dir());
        SteerIntent intent = SteerIntent.of(channel).orElseThrow();
        try {
            Ending stopped = run.interruption();
            if (stopped != null) {
                // cancelled while it was being stopped to steer: the cancel wins, the message stays
                clear(channel);
                return Outcome.of(stopped.status(), stopped.reason(), "not steered");
            }
            // every message waiting now goes in this round: a person who sent two means both
            List<InboxMessage> taken = new ArrayList<>();
            for (Optional<InboxMessage> m = channel.take(); m.isPresent(); m = channel.take()) {
                taken.add(m.get());
            }
            clear(channel); // before the next round starts: that round's end must not read as a steer
            List<String> texts = taken.stream().map(InboxMessage::text).filter(t -> t != null && !t.isBlank()).toList();
            boolean interrupt = taken.isEmpty() ? intent.kind() == InboxMessage.Kind.INTERRUPT
                    : taken.stream().anyMatch(x -> x.kind() == InboxMessage.Kind.INTERRUPT);
            if (texts.isEmpty() && interrupt) {
                LOG.info("job {}: {}", run.job().id(), INTERRUPTED);
                return Outcome.of(JobStatus.CANCELLED, INTERRUPTED, "interrupted");
            }
            // none left: another taker (a relay that came up meanwhile) had it; the agent goes on all the same
            String said = texts.isEmpty() ? null : String.join("\n\n", texts);
            int round = resume(run, said == null ? SteerPrompt.goOn() : SteerPrompt.render(said), said);
            return Outcome.relaunched(StepRecord.STEERED).detailed("round " + round + ": "
                    + (said == null ? "its message was taken by another; told to go on" : Clip.oneLine(said, 120))
                    + (taken.isEmpty() ? "" : " (" + String.join(", ", taken.stream().map(InboxMessage::id).toList())
                    + ")"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("job {}: steering round not started: {}", run.job().id(), e.toString());
            return Outcome.of(JobStatus.FAILED, "stopped to be steered, but its next round could not start: "
                    + e.getMessage(), "failed");
        }
    }

    /** Starts the next round with {@code prompt}; its number. */
    private int resume(StepRun run, String prompt, String said) throws IOException {
        Job job = run.job();
        Verification next = run.roundAfter(job.state().verification());
        // a round stopped before its stream named a session goes on in the one before it, if any
        String session = run.report().sessionId() != null ? run.report().sessionId() : job.state().sessionId();
        Invocation inv = nextRound.of(job, session, prompt);
        String doing = said == null ? "steered: going on" : "steered: " + Clip.oneLine(said, 80);
        run.nextRound(inv, prompt, run.files().dir().resolve("steer-" + next.fixes() + ".md"), next, doing);
        LOG.info("job {}: round {} {} (session {})", job.id(), next.fixes(), doing, session);
        return next.fixes();
    }

    private static void clear(ChannelDir channel) throws IOException {
        SteerIntent.clear(channel);
    }
}
