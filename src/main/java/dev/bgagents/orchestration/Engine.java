package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.providers.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.project.Confinement;
import dev.bgagents.project.StateLayout;
import dev.bgagents.runtime.JobLifecycle;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.orchestration.checks.CheckStep;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * bg-agents for one project, whatever speaks for it: the job store, the runtime, and the
 * services the tools call — assembled once, started, closed. What happens at each moment of a
 * job's life (its worktree made and sealed, its summary and plan files written) is wired here.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Path project;
    private final Config config;
    private final Redactor redactor;
    private final JobStore store;
    private final JobRuntime runtime;
    private final PlanTracker tracker;
    private final Spawner spawner;
    private final Resumer resumer;
    private final JobWatch watch;
    private final MergeService merges;
    private final PlanDecomposer decomposer;
    private final Reviews reviews;
    private final Fallbacks fallbacks;
    private final List<Consumer<Job>> endListeners = new CopyOnWriteArrayList<>();
    /** What follows each agent round: its work sealed, then checked. */
    private final List<JobStep> afterAgent;

    private Engine(Path project, Config config, ProcessControl processes) throws IOException {
        this.project = project;
        this.config = config;
        StateLayout state = new StateLayout(project);
        Providers providers = new Providers(config);
        this.redactor = redactorFor(config);
        this.store = new JobStore(state.jobs());
        store.load();
        PlanSessions plans = new PlanSessions(state.plans());
        this.tracker = new PlanTracker(plans, store, redactor);
        ProjectAgents agents = new ProjectAgents(providers, config, store);
        this.afterAgent = List.of(new SealStep(), new CheckStep(new CheckStep.Confining(Sandbox.forThisSystem(),
                config.verifyNetwork()), agents::fixRound));
        this.runtime = new JobRuntime(store, new JobRuntime.Settings(config.maxConcurrent(),
                Duration.ofMillis(Math.round(config.killGraceSeconds() * 1000))), agents, processes, new Lifecycle());
        Confinement confinement = new Confinement(project, config.allowedRoots());
        JobLookup lookup = new JobLookup(store);
        JobFactory factory = new JobFactory(project, providers, runtime);
        this.fallbacks = new Fallbacks(config, factory, store);
        PlanRunner planRunner = new PlanRunner(config, plans, tracker, factory, runtime, fallbacks);
        this.reviews = new Reviews(config, providers, factory, store, lookup);
        this.spawner = new Spawner(project, config, confinement, providers, factory, runtime, lookup, planRunner,
                reviews, fallbacks);
        this.resumer = new Resumer(factory, lookup, store, spawner);
        this.watch = new JobWatch(runtime, lookup, redactor, reviews);
        this.merges = new MergeService(lookup, store, reviews);
        this.decomposer = new PlanDecomposer(project, config, confinement, providers, plans, tracker, spawner);
    }

    /** Loads the project's jobs; nothing runs until {@link #start()}. */
    public static Engine open(Path project, Config config) throws IOException {
        return new Engine(project, config, ProcessControl.forThisSystem());
    }

    /** Re-attaches the jobs left running, starts queued ones, and cleans up old worktrees in the background. */
    public void start() {
        runtime.start();
        // start-up must not wait on git
        Thread gc = new Thread(() -> {
            if (Worktrees.hasCommits(project)) {
                try {
                    merges.recover(project);
                } catch (Refusal e) {
                    // logged; the next merge call tries again and says why
                }
                WorktreeGc.orphanBranches(store, project).forEach(l -> LOG.info("gc: {}", l));
            }
            WorktreeGc.run(store, Duration.ofMillis(Math.round(config.gcAfterDays() * 86_400_000)),
                false).removed().forEach(l -> LOG.info("gc: {}", l));
        }, "bg-gc");
        gc.setDaemon(true);
        gc.start();
    }

    /** Told every job's end once it is on record, on the thread that recorded it. */
    public void onJobEnded(Consumer<Job> listener) {
        endListeners.add(listener);
    }

    /** Jobs this engine runs or will start: queued, preparing or running. */
    public long ownedJobs() {
        return runtime.owned();
    }

    public Path project() {
        return project;
    }

    public Config config() {
        return config;
    }

    public Redactor redactor() {
        return redactor;
    }

    public JobStore store() {
        return store;
    }

    public Spawning spawning() {
        return spawner;
    }

    public Resuming resuming() {
        return resumer;
    }

    public Watching watching() {
        return watch;
    }

    public Summarizing summarizing() {
        return watch;
    }

    public Cancelling cancelling() {
        return watch;
    }

    public Merging merging() {
        return merges;
    }

    public Planning planning() {
        return decomposer;
    }

    public PlanViews planViews() {
        return tracker;
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Secrets to keep out of answers: this process's environment and the env the config gives agents. */
    private static Redactor redactorFor(Config config) {
        Map<String, String> env = new HashMap<>(System.getenv());
        config.providers().values().forEach(p -> env.putAll(p.env()));
        return new Redactor(env);
    }

    /** The moments of a job's life, as this project handles them. */
    private final class Lifecycle implements JobLifecycle {
        @Override
        public Workspace prepare(Job job, List<Job> dependencies) throws GitException {
            return WorkspaceProvisioner.prepare(job, dependencies);
        }

        @Override
        public void started(Job job) {
            tracker.started(job);
        }

        @Override
        public List<JobStep> stepsAfterAgent(Job job) {
            return afterAgent;
        }

        @Override
        public void ending(Job job) {
            try {
                SummaryFiles.write(job, store.files(job.id()).summary(), redactor);
            } catch (IOException e) {
                LOG.warn("cannot write summary of {}: {}", job.id(), e.toString());
            }
            tracker.ending(job);
            // the next job of its chain is on record before this one's end is: waiters follow it
            fallbacks.after(job);
        }

        @Override
        public void ended(Job job) {
            if (tracker.wantsReview(job)) {
                try {
                    Job review = reviews.start(new Spawning.ReviewRequest(job.id(), null, null, null, null)).job();
                    LOG.info("plan {}: {} reviews task {} ({})", job.spec().relations().plan(), review.id(), job.spec().relations().planTask(),
                            job.id());
                } catch (Refusal e) {
                    LOG.warn("plan {}: no review of {}: {}", job.spec().relations().plan(), job.id(), e.getMessage());
                }
            }
            try {
                fallbacks.tidy(job);
            } catch (RuntimeException e) {
                LOG.warn("tidying the worktree of {} failed: {}", job.id(), e.toString());
            }
            endListeners.forEach(l -> l.accept(job));
        }
    }
}
