package dev.bgagents.orchestration;

import dev.bgagents.config.Config;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanViews;
import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.orchestration.attempts.Attempts;
import dev.bgagents.orchestration.bootstrap.Bootstraps;
import dev.bgagents.orchestration.checks.CheckStep;
import dev.bgagents.orchestration.checks.CheckSummary;
import dev.bgagents.orchestration.checks.VerifyChecks;
import dev.bgagents.orchestration.conflicts.Conflicts;
import dev.bgagents.orchestration.core.CheckChoice;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.JobFactory;
import dev.bgagents.orchestration.core.NetworkRefusals;
import dev.bgagents.orchestration.core.JobWatch;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.core.Resumer;
import dev.bgagents.orchestration.core.SealStep;
import dev.bgagents.orchestration.steering.SteerStep;
import dev.bgagents.orchestration.core.Spawner;
import dev.bgagents.orchestration.core.Summaries;
import dev.bgagents.orchestration.core.WorktreeGc;
import dev.bgagents.orchestration.delivery.DeliverStep;
import dev.bgagents.orchestration.delivery.Delivery;
import dev.bgagents.orchestration.delivery.DeliverySummary;
import dev.bgagents.orchestration.delivery.PullRequests;
import dev.bgagents.orchestration.fallback.Fallbacks;
import dev.bgagents.orchestration.notify.Notifier;
import dev.bgagents.orchestration.person.PersonDesk;
import dev.bgagents.orchestration.person.PersonSummary;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.orchestration.handoff.HandOffs;
import dev.bgagents.orchestration.plans.PlanDecomposer;
import dev.bgagents.orchestration.plans.PlanMerger;
import dev.bgagents.orchestration.plans.PlanRunner;
import dev.bgagents.orchestration.plans.PlanTracker;
import dev.bgagents.orchestration.review.ReviewSummary;
import dev.bgagents.orchestration.review.Reviews;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.runners.Runners;
import dev.bgagents.project.Confinement;
import dev.bgagents.project.StateLayout;
import dev.bgagents.project.UserDirs;
import dev.bgagents.project.WorktreeHome;
import dev.bgagents.providers.Providers;
import dev.bgagents.runtime.AgentConfinement;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.runtime.JobStep;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Duration GC_GRACE = Duration.ofSeconds(5);

    private final Path project;
    private final Config config;
    private final Redactor redactor;
    private final JobStore store;
    private final JobRuntime runtime;
    private final Summaries summaries;
    private final PlanTracker tracker;
    private final Spawning spawns;
    private final PersonDesk person;
    private final JobWatch watch;
    private final MergeService jobMerges;
    private final Merging merges;
    private final Conflicts conflicts;
    private final PlanDecomposer decomposer;
    private final Reviews reviews;
    private final Fallbacks fallbacks;
    private final Notifier notifier;
    private final List<Consumer<Job>> endListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<Job, PersonRequest>> waitListeners = new CopyOnWriteArrayList<>();
    private final Bootstraps bootstraps;
    private final Runners runners;
    /** The start-up clean-up of old worktrees and branches, once {@link #start()} has begun it. */
    private volatile Thread gc;

    /**
     * The rooms, each on the core and the services it asks for by their interfaces: worktree bootstrap
     * (steps before the agent, teardown), checks (verify and fix rounds), fallback chains, reviews,
     * best-of-N attempts, plans, delivery (pull requests), hand-offs. A new feature is a room here and the line that hands it what it needs.
     */
    private Engine(Path project, Config config, ProcessControl processes) throws IOException {
        this.project = project;
        this.config = config;
        StateLayout state = new StateLayout(project);
        Providers providers = new Providers(config);
        this.redactor = Redactor.ofServer(config);
        this.store = new JobStore(state.jobs());
        store.load();
        this.runners = Runners.of(processes, config.runners(), store, project);
        PlanSessions plans = new PlanSessions(state.plans());
        ProjectAgents agents = new ProjectAgents(providers, config, store);
        this.bootstraps = new Bootstraps(config.worktree(), store);
        this.summaries = new Summaries(redactor, SummaryPart.of(List.of(new ReviewSummary(), bootstraps.summary(),
                new CheckSummary(), new DeliverySummary(), Conflicts.summary(store), new PersonSummary(store),
                new NetworkRefusals(store))));
        PullRequests pullRequests = new PullRequests(config.pullRequests(), store, summaries, System.getenv());
        ProjectLifecycle lifecycle = new ProjectLifecycle(bootstraps, summaries, store, waitListeners);
        this.runtime = new JobRuntime(store, new JobRuntime.Settings(config.maxConcurrent(),
                Duration.ofMillis(Math.round(config.killGraceSeconds() * 1000)), AgentConfinement.of(config.sandboxOff(),
                config.networkAllowLists()),
                config.runners().kubernetes() == null ? Map.of() : config.runners().kubernetes().maxJobs()),
                agents, runners, lifecycle);
        Confinement confinement = new Confinement(project, config.allowedRoots());
        Ids ids = new Ids(store, runtime);
        JobFactory factory = new JobFactory(project, providers, runtime,
                WorktreeHome.of(project, config.worktreesDir(), UserDirs.ofThisSystem()), bootstraps);
        this.fallbacks = new Fallbacks(config, factory, store);
        fallbacks.summarisedBy(summaries);
        this.reviews = new Reviews(config, providers, factory, store, ids);
        this.tracker = new PlanTracker(plans, store, summaries, reviews);
        CheckChoice checks = new VerifyChecks(config);
        PlanRunner planRunner = new PlanRunner(config, plans, tracker, factory, runtime, fallbacks, checks);
        Spawner spawner = new Spawner(project, config, confinement, providers, factory, runtime, ids, fallbacks, checks);
        this.jobMerges = new MergeService(ids, store, reviews, bootstraps);
        Attempts attempts = new Attempts(runtime, spawner, factory, checks, ids, jobMerges, redactor);
        Delivery delivery = new Delivery(pullRequests, ids, store);
        this.spawns = new Spawns(spawner, attempts, reviews, planRunner, delivery, new HandOffs(factory, ids, store, spawner));
        this.notifier = new Notifier(project, state.notifications(), config.notifications(), redactor, processes, store, plans);
        endListeners.add(notifier::jobEnded);
        this.conflicts = new Conflicts(config, store, factory, new Merges(jobMerges, attempts,
                new PlanMerger(plans, store, jobMerges), delivery), jobMerges, agents::fixRound,
                notifier::mergeRefused);
        this.merges = notifier.watching(conflicts);
        List<JobStep> afterAgent = conflicts.around(List.of(new SealStep(), new SteerStep(store, agents::fixRound),
                new CheckStep(new CheckStep.Confining(
                Sandbox.forThisSystem(), config.verifyNetwork()), agents::fixRound, state.baseChecks()), new DeliverStep(pullRequests)));
        this.person = new PersonDesk(new Resumer(factory, ids, store, spawner), ids, store);
        waitListeners.add((job, request) -> notifier.jobWaiting(job, request.id(), request.line()));
        this.watch = new JobWatch(runtime, ids, summaries, new JobWatch.Readings(reviews, attempts, fallbacks, tracker));
        this.decomposer = new PlanDecomposer(project, config, confinement, providers, plans, tracker, spawner, checks);
        lifecycle.rooms(afterAgent, tracker, fallbacks, reviews, endListeners);
    }

    /** Loads the project's jobs; nothing runs until {@link #start()}. */
    public static Engine open(Path project, Config config) throws IOException {
        return open(project, config, ProcessControl.forThisSystem());
    }

    /** The same, its processes started and stopped through {@code processes} (a test's fake one). */
    public static Engine open(Path project, Config config, ProcessControl processes) throws IOException {
        return new Engine(project, config, processes);
    }

    /** Re-attaches the jobs left running, starts queued ones, and cleans up old worktrees in the background. */
    public void start() {
        runtime.start();
        notifier.start();
        // start-up must not wait on git
        Duration age = Duration.ofMillis(Math.round(config.gcAfterDays() * 86_400_000));
        Thread cleanup = new Thread(() -> WorktreeGc.atStart(project, store, jobMerges, age, bootstraps), "bg-gc");
        cleanup.setDaemon(true);
        gc = cleanup;
        cleanup.start();
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
        return spawns;
    }

    /** Told each question a job's agent puts to a person, once, on the watchdog's thread: must not block. */
    public void onJobWaiting(java.util.function.BiConsumer<Job, PersonRequest> listener) {
        waitListeners.add(listener);
    }

    public Resuming resuming() {
        return person;
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

    /** A merge resolving its conflicts in rounds, told when it settles (a plan's merge asks it per task). */
    public dev.bgagents.orchestration.core.ResolvingMerge resolvingMerge() {
        return conflicts;
    }

    public Planning planning() {
        return decomposer;
    }

    public PlanViews planViews() {
        return tracker;
    }

    /** Stops starting jobs; the start-up clean-up is let finish (a few seconds at most), so no git command is cut off. */
    @Override
    public void close() {
        runtime.close();
        bootstraps.close();
        runners.close();
        notifier.close();
        Thread cleaning = gc;
        if (cleaning != null) {
            try {
                cleaning.join(GC_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
