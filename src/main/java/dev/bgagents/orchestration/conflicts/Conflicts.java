package dev.bgagents.orchestration.conflicts;

import dev.bgagents.agents.Invocation;
import dev.bgagents.config.Config;
import dev.bgagents.git.ConflictMerge;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.core.JobFactory;
import dev.bgagents.orchestration.core.MergeRefusals;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.core.ResolvingMerge;
import dev.bgagents.runtime.JobStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conflict rounds: a merge that would conflict is not refused but brought into the job's own
 * worktree (the target merged into its branch, markers left in), and an agent — the author resuming
 * its session, or the provider the call names — is a new job there, told the conflicting files and
 * both sides' intent. When it ends its resolution is judged ({@link ResolutionStep}), its check runs
 * as after any agent, and the merge is tried again ({@link LandingStep}); a round that does not
 * resolve starts the next, up to the rounds asked. The person's checkout is never touched until the
 * merge itself, which is the same refusing, never half-applied merge as any other.
 */
public final class Conflicts implements Merging, ResolvingMerge {
    private static final Logger LOG = LoggerFactory.getLogger(Conflicts.class);
    /** Commit subjects of the target's side read for the prompt. */
    private static final int THEIRS = 50;

    /** The command of a round's agent: resumed in its session (when it has one), told {@code prompt}. */
    public interface NextRound {
        Invocation of(Job job, String sessionId, String prompt);
    }

    private final Config config;
    private final JobStore store;
    private final JobFactory factory;
    private final Merging plain;
    private final MergeService jobs;
    private final NextRound nextRound;
    private final MergeRefusals refusals;
    /** Resolutions of jobs this server started, by round job: read before their file is on disk. */
    private final Map<String, Resolution> starting = new ConcurrentHashMap<>();
    /** Callers told when a round job's merge settles, by round job. */
    private final Map<String, CompletableFuture<Merging.Outcome>> waiting = new ConcurrentHashMap<>();

    /** {@code plain}: the merge without rounds (a group's winner through its room, a job as itself). */
    public Conflicts(Config config, JobStore store, JobFactory factory, Merging plain, MergeService jobs,
                     NextRound nextRound, MergeRefusals refusals) {
        this.config = config;
        this.refusals = refusals;
        this.store = store;
        this.factory = factory;
        this.plain = plain;
        this.jobs = jobs;
        this.nextRound = nextRound;
    }

    @Override
    public Outcome merge(Request request) {
        boolean resolve = request.resolve() != null ? request.resolve() : config.merge().resolve();
        return merge(request, resolve).now();
    }

    /**
     * A plan merged as it is without rounds; with resolve, the task whose merge conflicts gets rounds, and once
     * they land the rest of the plan is merged — in the landing step, so by the time the round job is on record
     * as ended the plan has gone on (another conflict further on: another round, named in the plan's summary).
     */
    @Override
    public PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
        PlanMerge.Outcome o = plain.mergePlan(request);
        boolean resolve = request.resolve() != null ? request.resolve() : config.merge().resolve();
        PlanMerge.Task stop = o.tasks().stream().filter(t -> t.stem().equals(o.stoppedAt())).findFirst().orElse(null);
        if (!resolve || o.dryRun() || stop == null || stop.conflicts().isEmpty() || stop.jobId() == null) {
            return o;
        }
        Resolving r = merge(new Request(stop.jobId(), request.into(), request.squash(), false, request.cleanup(),
                request.requireReview(), List.of()), true);
        if (r.now().resolving() == null) {
            return o;
        }
        r.settled().thenAccept(landed -> {
            if (landed.merged()) {
                try {
                    mergePlan(request);
                } catch (RuntimeException e) {
                    LOG.warn("plan {}: the rest not merged after {} landed: {}", request.session(), stop.stem(), e.toString());
                }
            }
        });
        return o.resolvedBy(r.now().resolving());
    }

    @Override
    public PullRequest openPullRequest(PullRequestRequest request) {
        return plain.openPullRequest(request);
    }

    @Override
    public Resolving merge(Request request, boolean resolve) {
        Outcome first = plain.merge(request.plain());
        if (!resolve || request.dryRun() || first.merged() || first.conflicts().isEmpty()) {
            return new Resolving(first, CompletableFuture.completedFuture(first));
        }
        return start(request, first);
    }

    /**
     * The steps after every agent round ({@code sealThenCheck}: its work sealed, then checked), with this
     * room's around them: a resolution round's agent is judged before its work is sealed, and its merge
     * tried once its check has run. Neither applies to a job that resolves nothing.
     */
    public List<JobStep> around(List<JobStep> sealThenCheck) {
        List<JobStep> all = new java.util.ArrayList<>();
        all.add(new ResolutionStep(this));
        all.addAll(sealThenCheck);
        all.add(new LandingStep(this, jobs, nextRound));
        return List.copyOf(all);
    }

    /** A resolution job's lines in its summary (what read_summary and summary.md show). */
    public static dev.bgagents.summary.SummaryPart summary(JobStore store) {
        return new ConflictSummary(store);
    }

    /** The round job's merge landed or was finally refused ({@code out}): whoever waits on it is told. */
    void settled(Job job, JobStep.Outcome out) {
        CompletableFuture<Outcome> f = waiting.remove(job.id());
        Resolution r = of(job);
        if (r != null && r.landed() == null && out.status() != JobStatus.CANCELLED) {
            // merge_worktree answered "resolving" long ago: the person hears of the refusal now
            String plan = store.get(r.author()).map(a -> a.spec().relations().plan()).orElse(null);
            refusals.refused(r.author(), r.branch(), r.into(), out.reason() == null ? out.status().wire() : out.reason(), plan);
        }
        if (f == null || r == null) {
            return;
        }
        f.complete(r.landed() != null
                ? Outcome.merged(r.author(), r.branch(), r.into(), r.landed(), false, r.squash(), List.of(), null)
                : Outcome.unchanged(r.author(), r.branch(), r.into(), false, false, List.of(), r.conflicts(),
                out.reason() == null ? out.status().wire() : out.reason()));
    }

    /** Whether {@code job} resolves a merge's conflicts in its worktree (its steps apply). */
    boolean resolving(Job job) {
        return job.workspace() != null && of(job) != null;
    }

    /** The resolution job {@code job} works on, or null for any other job. */
    Resolution of(Job job) {
        Resolution r = starting.get(job.id());
        return r != null ? r : Resolution.read(store.files(job.id()));
    }

    /** On disk from now on: the file is what every step (and another server) reads. */
    void save(Job job, Resolution r) throws IOException {
        starting.computeIfPresent(job.id(), (id, was) -> r);
        r.write(store.files(job.id()));
        starting.remove(job.id());
    }

    /** The task of the job whose branch is merged, as it was asked. */
    String task(String author) {
        try {
            return Files.readString(store.files(author).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return store.get(author).map(j -> j.spec().title()).orElse("(the task is not on record)");
        }
    }

    private Resolving start(Request request, Outcome first) {
        Job author = store.refresh(first.jobId());
        Workspace w = author.workspace();
        if (w == null || w.removed() || !Files.isDirectory(w.path())) {
            throw new Refusal(author.id() + "'s worktree is gone, so no agent can resolve its conflicts there: "
                    + "merge " + first.branch() + " by hand");
        }
        String provider = request.resolver() != null ? request.resolver() : author.spec().provider();
        var cli = factory.resolve(provider).cli();
        boolean sameAgent = cli.name().equals(author.spec().provider());
        String session = sameAgent && cli.hasSessions() ? author.state().sessionId() : null;
        Resolution r;
        try {
            String before = ConflictMerge.tip(w);
            String target = ConflictMerge.commitOf(w.repo(), "refs/heads/" + first.into());
            List<String> theirs = ConflictMerge.gainedSince(w.repo(), before, target, THEIRS);
            ConflictMerge.Started s = ConflictMerge.mergeInto(w, target, "Merge " + first.into() + " into "
                    + w.branch() + "\n\nbg-agents: the conflicts of " + author.id() + "'s merge");
            if (s.conflicts().isEmpty()) {
                // git's own merge went through where the in-memory one saw a conflict: the merge again
                Outcome again = plain.merge(request.plain());
                return new Resolving(again, CompletableFuture.completedFuture(again));
            }
            r = new Resolution(author.id(), w.branch(), first.into(), request.squash(), request.cleanup(),
                    config.merge().rounds(), before, target, s.conflicts(), List.of(), null);
            String prompt = ConflictPrompt.render(r, task(author.id()), theirs, null);
            Job round = submit(author, w, provider, sameAgent, session, prompt, r);
            return new Resolving(first.resolvingBy(round.id()), waiting.computeIfAbsent(round.id(),
                    k -> new CompletableFuture<>()));
        } catch (GitException e) {
            throw new Refusal("cannot bring the conflict into " + author.id() + "'s worktree: " + e.getMessage());
        }
    }

    private Job submit(Job author, Workspace w, String provider, boolean sameAgent, String session, String prompt,
                       Resolution r) throws GitException {
        JobSpec was = author.spec();
        VerifySpec v = was.verify();
        String id = factory.newId(provider);
        starting.put(id, r);
        waiting.put(id, new CompletableFuture<>());
        try {
            Job job = factory.draft(provider, prompt, Path.of(was.workdir())).id(id).resuming(session, author.id())
                    .workspace(w.continued())
                    .spec(b -> b.model(sameAgent ? was.run().model() : null).permissions(was.run().permissions())
                            .untrustedWorkdir(was.run().untrustedWorkdir())
                            .limits(was.limits().timeoutMinutes(), was.limits().stallMinutes())
                            // a failing check is a failed round: the next round is told, not a fix round
                            .verify(v == null ? null : new VerifySpec(v.command(), v.label(), 0, v.timeoutMinutes()))
                            .budgets(was.limits().budget(), null)).submit();
            save(job, r);
            LOG.info("{}: conflicts of {} into {} ({}) resolved by {}", job.id(), author.id(), r.into(),
                    String.join(", ", r.conflicts()), provider);
            return job;
        } catch (RuntimeException | IOException e) {
            if (store.get(id).isPresent()) {
                // on record and running: its steps read the resolution kept here
                LOG.warn("{}: resolution not written: {}", id, e.toString());
                return store.get(id).get();
            }
            starting.remove(id);
            waiting.remove(id);
            ConflictMerge.abort(w);
            throw e instanceof RuntimeException re ? re : new Refusal("cannot record the round: " + e.getMessage());
        }
    }
}
