package dev.bgagents.orchestration.fallback;

import dev.bgagents.orchestration.core.ChainCancel;
import dev.bgagents.orchestration.core.ChainReading;
import dev.bgagents.orchestration.core.FallbackChains;
import dev.bgagents.orchestration.core.Summaries;

import dev.bgagents.orchestration.core.WorkspaceProvisioner;

import dev.bgagents.orchestration.core.JobFactory;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.Usage;
import dev.bgagents.config.Config;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fallback chains: a job whose provider could not serve it (rate limit, quota, credentials,
 * model server, model name — {@link FallbackChain#fallsBack}) has its task run again on the
 * next provider of its chain, as a new job in a fresh worktree from the same base. A job that
 * failed on its merits, or was cancelled, timed out or lost, never falls back.
 */
public final class Fallbacks implements FallbackChains, ChainReading {
    private static final Logger LOG = LoggerFactory.getLogger(Fallbacks.class);

    private final Config config;
    private final JobFactory factory;
    private final JobStore store;

    private Summaries summaries;

    public Fallbacks(Config config, JobFactory factory, JobStore store) {
        this.config = config;
        this.factory = factory;
        this.store = store;
    }

    /**
     * The chain of a new job on {@code provider}: the providers asked for, each of which must be
     * usable now (else a refusal, nothing made), or else the config's default, less those not
     * usable here (said in {@code notes}). The job's own provider is left out.
     */
    @Override
    public List<String> chain(List<String> asked, String provider, List<String> notes) {
        boolean explicit = asked != null;
        List<String> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : explicit ? asked : config.fallback()) {
            String cli;
            try {
                cli = factory.resolve(name).cli().name();
            } catch (Refusal r) {
                if (explicit) {
                    throw new Refusal("fallback " + Refusal.quoted(name) + ": " + r.getMessage());
                }
                skipped.add(name);
                continue;
            }
            if (!cli.equals(provider) && !out.contains(cli)) {
                out.add(cli);
            }
        }
        if (!skipped.isEmpty()) {
            notes.add("fallback leaves out " + String.join(", ", skipped) + " (not usable here)");
        }
        return out;
    }

    /**
     * {@code ending} as its end is to be recorded: when a cancel came as it failed for its provider
     * ({@link ChainCancel}), cancelled, its task going no further (so {@link #after} starts nothing);
     * else as it is.
     */
    public Job stopped(Job ending) {
        if (!FallbackChain.fallsBack(ending) || !ChainCancel.requested(store.files(ending.id()))) {
            return ending;
        }
        JobState s = ending.state();
        // what the cancel did first: a host reads the reason clipped
        String why = "cancelled as it failed for its provider; its task does not go on to "
                + String.join(", ", ending.spec().relations().fallback()) + ": " + s.reason();
        LOG.info("job {} failed for its provider as it was cancelled: its chain stops there", ending.id());
        return new Job(ending.spec(), s.ended(JobStatus.CANCELLED, s.exitCode(), why, s.endedAt()), ending.report(),
                ending.workspace());
    }

    /**
     * At the end of {@code failed}, before it is on record (so no waiter sees the chain end
     * early): the job that runs its task on the next usable provider, when it falls back.
     */
    public Optional<Job> after(Job failed) {
        JobSpec spec = failed.spec();
        if (!FallbackChain.fallsBack(failed)) {
            return Optional.empty();
        }
        String prompt;
        try {
            prompt = Files.readString(store.files(failed.id()).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("{} does not fall back: its prompt cannot be read: {}", failed.id(), e.toString());
            return Optional.empty();
        }
        List<String> left = new ArrayList<>(spec.relations().fallback());
        left.removeIf(p -> !usable(p, failed.id()));
        if (left.isEmpty()) {
            return Optional.empty();
        }
        // before the next job exists, so none of its ends is seen with this attempt's empty worktree still there
        Workspace w = failed.workspace();
        if (w != null && w.checkedOut() && !w.removed()) {
            WorkspaceProvisioner.removeIfUnused(factory.bootstrap(), w);
        }
        while (!left.isEmpty()) {
            String next = left.remove(0);
            try {
                return Optional.of(submit(failed, next, List.copyOf(left), prompt));
            } catch (RuntimeException e) {
                LOG.warn("{} cannot fall back to {}: {}", failed.id(), next, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private boolean usable(String provider, String from) {
        try {
            factory.resolve(provider);
            return true;
        } catch (Refusal r) {
            LOG.warn("{} does not fall back to {}: {}", from, provider, r.getMessage());
            return false;
        }
    }

    private Job submit(Job failed, String provider, List<String> rest, String prompt) {
        JobSpec spec = failed.spec();
        String cli = factory.resolve(provider).cli().name();
        Path workdir = Path.of(spec.workdir());
        Workspace old = failed.workspace();
        Workspace fresh = null;
        String id = null;
        if (old != null && old.checkedOut()) {
            id = factory.newId(cli);
            // the same starting commit and merge target as the failed attempt, on a branch of its own
            Workspace made = WorkspaceProvisioner.reserve(factory.worktrees(), old.repo(), id, null, old.baseCommit(),
                    old.declaredFiles());
            fresh = Workspace.planned(made.repo(), made.path(), made.branch(), old.baseRef(), old.declaredFiles());
            workdir = made.path().resolve(old.path().relativize(workdir));
        }
        try {
            JobSpec.Limits limits = spec.limits();
            Job job = factory.draft(cli, prompt, workdir).id(id).workspace(fresh).spec(b -> b
                    .model(cli.equals(spec.provider()) ? spec.run().model() : null)
                    .permissions(spec.run().permissions()).limits(limits.timeoutMinutes(), limits.stallMinutes())
                    .planTask(spec.relations().plan(), spec.relations().planTask()).fallback(rest, failed.id())
                    // the same check, delivery, best-of-N group and budgets as the attempt it takes over from, and the
                    // chain spends one budget; not its dependencies: they succeeded before it started, and
                    // the fresh branch starts on their work
                    .verify(spec.verify()).group(spec.relations().group()).budgets(limits.budget(), limits.planBudget())
                    .spentBefore(spentSoFar(failed)).deliver(spec.deliver())).submit();
            LOG.info("job {} failed for its provider ({}): its task goes on as {}", failed.id(),
                    failed.state().reason(), job.id());
            return job;
        } catch (RuntimeException e) {
            if (fresh != null) {
                WorkspaceProvisioner.discard(factory.bootstrap(), fresh);
            }
            throw e;
        }
    }

    /** What the chain has spent up to the end of {@code failed}, as its reports say. */
    private static Usage spentSoFar(Job failed) {
        Usage before = failed.spec().limits().spentBefore() == null ? Usage.NONE : failed.spec().limits().spentBefore();
        return failed.report() == null ? before : before.plus(failed.report().usage());
    }

    /**
     * Once a job that fell back is on record: its record says so when its worktree went (it did
     * nothing in it); with commits or leftovers the worktree and branch stay.
     */
    public void tidy(Job ended) {
        Workspace w = ended.workspace();
        if (w == null || !w.checkedOut() || w.removed() || Files.exists(w.path())
                || FallbackChain.next(store, ended).isEmpty()) {
            return;
        }
        store.updateWorkspace(ended.id(), Workspace::removedNow);
    }

    /** How chains are summarised: set once the summaries (whose parts come from every room) exist. */
    public void summarisedBy(Summaries with) {
        this.summaries = with;
    }

    @Override
    public String summary(List<Job> chain, int maxChars) {
        return FallbackSummary.render(chain, maxChars, summaries);
    }
}
