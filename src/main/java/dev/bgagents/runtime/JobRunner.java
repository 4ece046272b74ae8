package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.git.LentBranch;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.Verification;
import dev.bgagents.process.Ending;
import dev.bgagents.process.KillOutcome;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import dev.bgagents.process.Watchdog;
import dev.bgagents.project.StateFiles;
import dev.bgagents.runtime.steering.SteerIntent;
import dev.bgagents.runtime.steering.SteerWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs the jobs this server owns: launches them, re-attaches the ones a previous server left
 * running, watches them through the {@link Watchdog}, and finishes each exactly once — every
 * process it started stopped, its output read to the end, its worktree sealed, its record final.
 */
final class JobRunner implements Watchdog.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final int STDERR_TAIL_BYTES = 4096;

    private final JobStore store;
    private final AgentAdapters agents;
    private final ProcessControl processes;
    private final JobLifecycle lifecycle;
    private final Duration grace;
    private final Executor finishers;
    private final Executor ticker;
    private final Runnable afterEnd;
    private final Watchdog watchdog;
    private final JobLaunch launcher;
    private final StepLoop steps;
    private final PlanBudgets planBudgets;
    private final JobEnds ends;
    private final PersonWaits waits;
    private final SteerWatch steering;
    private final Map<String, RunningJob> active = new ConcurrentHashMap<>();

    /**
     * {@code finishers} end jobs (a kill may take the grace period); {@code ticker} is the one
     * thread watchdog passes run on; {@code afterEnd} runs once a job's end is recorded (the
     * queue decides again).
     */
    JobRunner(JobStore store, AgentAdapters agents, ProcessControl processes, JobLifecycle lifecycle, Owners owners,
              JobRuntime.Settings settings, Executor finishers, Executor ticker, Runnable afterEnd) {
        this.store = store;
        this.agents = agents;
        this.processes = processes;
        this.lifecycle = lifecycle;
        this.grace = settings.killGrace();
        this.finishers = finishers;
        this.ticker = ticker;
        this.afterEnd = afterEnd;
        this.watchdog = new Watchdog(processes, this);
        this.launcher = new JobLaunch(store, agents, processes, settings.confinement());
        this.steps = new StepLoop(store, lifecycle, launcher, processes, this.grace, this::attachRound);
        this.planBudgets = new PlanBudgets(store);
        this.ends = new JobEnds(store, lifecycle, owners, planBudgets);
        this.waits = new PersonWaits(store, lifecycle);
        this.steering = new SteerWatch(a -> store.get(a.id()).map(j -> agents.cli(j.spec().provider())).orElse(null),
                this::ending); // the kill's SIGTERM: each CLI measured saves its session on it
    }

    int running() {
        return active.size();
    }

    RunningJob running(String id) {
        return active.get(id);
    }

    Collection<RunningJob> all() {
        return active.values();
    }

    /** One watchdog pass over the running jobs; only ever on the ticker thread. */
    void watch() {
        // a job waiting on a person first: the watchdog must not take its silence for a stall
        waits.pass(active.values());
        watchdog.pass(active.values());
        steering.pass(active.values());
        planBudgets.pass(active.values(), (a, how) -> {
            if (a.end(how)) {
                ending(a, how);
            }
        });
    }

    /** Why a queued job must not start because its plan is over budget, else empty. */
    Optional<String> overPlanBudget(Job queued) {
        return planBudgets.blocks(queued, active.values());
    }

    /** Runs the steps before a job's agent, on the calling thread; how the job stands after them. */
    JobStep.Outcome stepsBeforeAgent(String id) {
        return steps.beforeAgent(id);
    }

    /** Whether a job has steps before its agent ({@link StepLoop#hasStepsBeforeAgent}). */
    boolean hasStepsBeforeAgent(Job job) {
        return steps.hasStepsBeforeAgent(job);
    }

    /** SIGTERM → SIGKILL, for what a step of a job left running. */
    Duration grace() {
        return grace;
    }

    /** Starts a job; false when it could not start and was recorded as failed. */
    boolean launch(Job job) {
        JobSpec spec = job.spec();
        try {
            JobLaunch.Agent a = launcher.agent(job, spec.run().argv(), spec.run().env(), spec.run().unsetEnv(),
                    spec.run().promptOnStdin() ? store.files(job.id()).prompt() : null);
            Instant at = Instant.now();
            Job running = store.updateState(job.id(), s -> s.running(a.launched().pid(), a.launched().startTicks(), at)
                    .ports(a.noPorts()).stepStarted(StepRecord.AGENT, 0, at));
            attachRound(running, a.launched().process());
            try {
                lifecycle.started(running);
            } catch (RuntimeException e) {
                LOG.warn("start hook of {} failed: {}", job.id(), e.toString());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            recordEnd(job.id(), job.state().ended(JobStatus.FAILED, null, "could not start: " + e.getMessage(),
                    Instant.now()), null, job.workspace());
            return false;
        }
    }

    /** Watches a running job: just launched (with its process), or left running by an earlier server. */
    void attach(Job job, Process process) {
        active.put(job.id(), new RunningJob(job, process, store.files(job.id()), agents.parser(job.spec().provider())));
    }

    @Override
    public void activity(String jobId, String sessionId, String activity) {
        store.updateState(jobId, s -> s.activity(sessionId, activity));
    }

    @Override
    public void ending(RunningJob job, Ending how) {
        finishers.execute(() -> finish(job, how));
    }

    /** Records a job's end once ({@link JobEnds}). */
    Job recordEnd(String id, JobState state, AgentReport report, Workspace workspace) {
        return ends.record(id, state, report, workspace);
    }

    /** Ends a running job: stops what is left of it, reads its output to the end, records the outcome. */
    void finish(RunningJob a, Ending how) {
        // an agent that exited after a server, since gone, stopped it to steer it: no crash either
        Ending ending = how.kind() != Ending.Kind.TERMINATE && SteerIntent.onRecord(a.files().dir())
                ? Ending.steer("stopped to be steered") : how;
        try {
            KillOutcome kill = processes.kill(a.pid(), a.startTicks(), a.id(), grace);
            a.drain();
            // what a sandboxed agent committed is on its copy of its branch until taken back: first of all
            store.get(a.id()).map(Job::workspace).ifPresent(w -> LentBranch.takeBackQuietly(a.id(), w, a.files().agentRefs()));
            Integer exit = ExitRecord.status(a.files().exit());
            AgentReport report = Verification.countingEarlierRounds(store.get(a.id()).orElseThrow().state().verification(),
                    a.parser().finish(exit, StateFiles.tail(a.files().stderr(), STDERR_TAIL_BYTES))
                            .orSoFar(a.parser())); // a job stopped over budget still tells what it spent
            JobStep.Outcome round = RoundEnd.of(a, ending, report, kill);
            Instant exited = ExitRecord.when(a.files().exit(), store.get(a.id()).orElseThrow().state().startedAt());
            JobStep.Outcome so = steps.afterRound(a, round, report, exited);
            if (so.relaunched()) {
                return; // another agent round runs: its end comes back here
            }
            Job job = store.get(a.id()).orElseThrow();
            JobState state = job.state().activity(report.sessionId(), a.parser().lastActivity())
                    .ended(so.status(), exit, so.reason(), exited);
            LOG.info("job {} {}{}", a.id(), so.status().wire(), so.reason() == null ? "" : ": " + so.reason());
            recordEnd(a.id(), state, report, job.workspace());
        } catch (RuntimeException e) {
            // never leave a "running" record with nothing behind it
            LOG.error("finishing job " + a.id() + " failed", e);
            Job job = store.get(a.id()).orElseThrow();
            recordEnd(a.id(), job.state().ended(JobStatus.FAILED, ExitRecord.status(a.files().exit()),
                    "bg-agents could not finish the job: " + e, Instant.now()), job.report(), job.workspace());
        } finally {
            // a fix round of the same job is watched under the same id: only this round leaves
            active.remove(a.id(), a);
            afterEnd.run();
        }
    }

    /**
     * Stops a running job as {@code how}; true when it ended here, false when another thread is
     * ending it (its agent ended and its check runs: that check is told to stop).
     */
    boolean stop(String id, Ending how) {
        RunningJob a = active.get(id);
        if (a == null) {
            return true;
        }
        if (a.end(how)) {
            finish(a, how);
            return true;
        }
        a.interrupt(how);
        RunningJob round = active.get(id);
        if (round != null && round != a && round.end(how)) {
            finish(round, how); // a fix round started meanwhile
            return true;
        }
        return false;
    }

    private void attachRound(Job job, Process process) {
        attach(job, process);
        if (process != null) {
            process.onExit().thenRun(() -> ticker.execute(this::watch));
        }
    }

    List<String> ids() {
        return List.copyOf(active.keySet());
    }
}
