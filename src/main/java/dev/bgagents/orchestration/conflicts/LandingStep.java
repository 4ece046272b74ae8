package dev.bgagents.orchestration.conflicts;

import dev.bgagents.agents.Invocation;
import dev.bgagents.git.ConflictMerge;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.core.WorkspaceProvisioner;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.runtime.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * After a resolution round's check: a resolved round is merged for real (the same merge as any
 * other, refusing rather than half-applying); a target that moved meanwhile is merged into the
 * branch again — cleanly, and the merge tried again, or with new conflicts, for the next round. A
 * round that did not resolve starts the next while rounds are left; after the last, the branch is
 * put back where it was before the first round (the attempt kept under a ref) and the merge refused.
 * A cancel ends it the same way, at once.
 */
final class LandingStep implements JobStep {
    private static final Logger LOG = LoggerFactory.getLogger(LandingStep.class);
    static final String NAME = "landing";
    /** Times a target that keeps moving is merged in cleanly before this round gives up on it. */
    private static final int MOVES = 3;

    private final Conflicts conflicts;
    private final MergeService jobs;
    private final Conflicts.NextRound nextRound;

    LandingStep(Conflicts conflicts, MergeService jobs, Conflicts.NextRound nextRound) {
        this.conflicts = conflicts;
        this.jobs = jobs;
        this.nextRound = nextRound;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(Job job, Outcome soFar) {
        return conflicts.resolving(job);
    }

    @Override
    public Outcome run(StepRun run) {
        Outcome out = decide(run);
        if (!out.relaunched()) {
            conflicts.settled(run.job(), out);
        }
        return out;
    }

    /** Landed, refused, or the next round started. */
    private Outcome decide(StepRun run) {
        Job job = run.job();
        Resolution r = conflicts.of(job);
        Outcome so = run.soFar();
        try {
            if (run.interruption() != null || so.status() != JobStatus.SUCCEEDED && so.status() != JobStatus.FAILED) {
                String why = run.interruption() != null ? run.interruption().reason() : so.reason();
                String stopped = "stopped" + (why == null ? "" : ": " + why);
                return giveUp(run, r, stopped, "stopped in round " + r.round() + (why == null ? "" : ": " + why),
                        run.interruption() != null ? run.interruption().status() : so.status());
            }
            String why = so.status() == JobStatus.FAILED ? so.reason() : null;
            for (int moves = 0; why == null; moves++) {
                Merging.Outcome o = jobs.merge(new Merging.Request(r.author(), r.into(), r.squash(), false,
                        r.cleanup(), false, List.of()), job.id());
                if (o.merged()) {
                    return landed(run, r, o);
                }
                if (o.conflicts().isEmpty()) {
                    // resolved, but refused for another reason (the person's changes): the resolution stays on the branch
                    Resolution done = r.ended("round " + r.round() + ": resolved; the merge was refused: " + o.refusal());
                    conflicts.save(job, done);
                    return Outcome.of(JobStatus.FAILED, "resolved in " + r.round() + plural(r.round()) + " on "
                            + r.branch() + ", but the merge was refused: " + o.refusal(), "refused");
                }
                Workspace w = job.workspace();
                String moved = ConflictMerge.commitOf(w.repo(), "refs/heads/" + r.into());
                ConflictMerge.Started s = ConflictMerge.mergeInto(w, moved, "Merge " + r.into() + " into "
                        + r.branch() + "\n\nbg-agents: " + r.into() + " moved during conflict round " + r.round());
                if (!s.conflicts().isEmpty() || moves + 1 >= MOVES) {
                    why = r.into() + " moved again (" + moved.substring(0, 7) + ")" + (s.conflicts().isEmpty() ? ""
                            : " and conflicts in " + String.join(", ", s.conflicts()));
                    r = r.on(moved, s.conflicts().isEmpty() ? r.conflicts() : s.conflicts());
                }
            }
            if (!r.roundsLeft()) {
                return giveUp(run, r, why, "not resolved in " + r.rounds() + plural(r.rounds()) + ": " + why,
                        JobStatus.FAILED);
            }
            return next(run, r, why);
        } catch (GitException | IOException e) {
            LOG.warn("job {}: conflict round {} could not go on: {}", job.id(), r.round(), e.toString());
            String broke = "could not go on: " + e.getMessage();
            return giveUp(run, r, broke, "round " + r.round() + " " + broke, JobStatus.FAILED);
        }
    }

    private Outcome landed(StepRun run, Resolution r, Merging.Outcome o) throws IOException {
        Resolution done = r.ended("round " + r.round() + ": resolved").landedAs(o.commit());
        conflicts.save(run.job(), done);
        run.updateWorkspace(w -> w.merged(o.into(), o.commit()));
        return run.soFar().saying("landed").detailed("merged into " + o.into() + " as " + o.commit().substring(0, 7)
                + " after " + r.round() + plural(r.round()));
    }

    /** The next round, told why this one did not count. */
    private Outcome next(StepRun run, Resolution r, String why) throws IOException {
        Job job = run.job();
        Resolution n = r.ended("round " + r.round() + ": " + why);
        conflicts.save(job, n);
        String prompt = ConflictPrompt.render(n, conflicts.task(r.author()), List.of(), why + checkTail(job));
        Verification round = run.roundAfter(job.state().verification());
        Invocation inv = nextRound.of(job, run.report().sessionId(), prompt);
        String doing = "conflict round " + n.round() + "/" + n.rounds() + ": " + String.join(", ", n.conflicts());
        run.nextRound(inv, prompt, run.files().dir().resolve("resolve-" + n.round() + ".md"), round, doing);
        LOG.info("job {}: {} ({})", job.id(), doing, why);
        return Outcome.relaunched("round " + n.round());
    }

    /**
     * Puts the branch back as it was before the first round, the attempt kept; the merge refused, the round's
     * line in the history saying {@code cause}, the job's reason {@code why}.
     */
    private Outcome giveUp(StepRun run, Resolution r, String cause, String why, JobStatus status) {
        Job job = run.job();
        Workspace w = job.workspace();
        String keptAt = "refs/bg-agents/unresolved/" + job.id();
        String kept;
        try {
            String tip = ConflictMerge.tip(w);
            ConflictMerge.restore(w, r.before(), keptAt, "bg-agents: what conflict round " + r.round() + " left");
            kept = tip.equals(r.before()) ? "" : "; the attempt is kept at " + keptAt;
            // the record's commits and diffstat are the branch's as it is now, not the attempt's
            Workspace back = WorkspaceProvisioner.seal(job);
            run.updateWorkspace(was -> back);
        } catch (GitException e) {
            kept = "; the branch could not be put back: " + e.getMessage();
        }
        String line = "round " + r.round() + ": " + cause;
        try {
            conflicts.save(job, r.ended(line));
        } catch (IOException e) {
            LOG.warn("job {}: {}", job.id(), e.toString());
        }
        return Outcome.of(status, "merge refused, " + why + "; " + r.branch() + " is as before the rounds" + kept,
                "refused");
    }

    /** The end of a failing check's output, for the next round's prompt. */
    private static String checkTail(Job job) {
        Verification v = job.state().verification();
        return v == null || v.passed() || v.tail() == null ? "" : "\n\n" + v.tail();
    }

    private static String plural(int n) {
        return n == 1 ? " round" : " rounds";
    }
}
