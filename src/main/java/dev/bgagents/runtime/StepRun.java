package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Invocation;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.Verification;
import dev.bgagents.process.Ending;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import dev.bgagents.project.JobDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a {@link JobStep} may do with its job: read and update its record, start a process of the
 * job's (its check, its setup) with the job's environment, or run one to its end within a time
 * limit, stop it with everything the job left running, and — after an agent round — start the
 * agent's next round. Made by the runtime for one step of one round.
 */
public final class StepRun {
    private final String id;
    private final Supplier<Ending> interruption;
    private final JobStore store;
    private final JobLaunch launch;
    private final ProcessControl processes;
    private final Duration grace;
    private final JobStep.Outcome soFar;
    private final AgentReport report;
    private final NextRound next;

    /** How the runtime starts watching an agent round a step launched. */
    interface NextRound {
        void attach(Job job, Process process);
    }

    StepRun(RunningJob round, JobStore store, JobLaunch launch, ProcessControl processes, Duration grace,
            JobStep.Outcome soFar, AgentReport report, NextRound next) {
        this(round.id(), round::interruption, store, launch, processes, grace, soFar, report, next);
    }

    /**
     * A step of a job whose agent has not started: its report is null, it starts no agent round, and it
     * is interrupted once the job's record says it ended (cancelled while it was being prepared).
     */
    static StepRun beforeAgent(String id, JobStore store, JobLaunch launch, ProcessControl processes, Duration grace) {
        Supplier<Ending> ended = () -> store.get(id).filter(j -> j.status().isTerminal())
                .map(j -> Ending.terminate(j.status(), j.state().reason())).orElse(null);
        return new StepRun(id, ended, store, launch, processes, grace, JobStep.Outcome.BEFORE_AGENT, null,
                (job, process) -> {
                    throw new IllegalStateException("no agent round starts before the agent");
                });
    }

    private StepRun(String id, Supplier<Ending> interruption, JobStore store, JobLaunch launch, ProcessControl processes,
                    Duration grace, JobStep.Outcome soFar, AgentReport report, NextRound next) {
        this.id = id;
        this.interruption = interruption;
        this.store = store;
        this.launch = launch;
        this.processes = processes;
        this.grace = grace;
        this.soFar = soFar;
        this.report = report;
        this.next = next;
    }

    /** The job as on record now. */
    public Job job() {
        return store.get(id).orElseThrow();
    }

    /** How the job stood before this step. */
    public JobStep.Outcome soFar() {
        return soFar;
    }

    /** What the agent's round reported (its session, what it spent); null before the agent. */
    public AgentReport report() {
        return report;
    }

    public JobDir files() {
        return store.files(id);
    }

    /** Set once the job was stopped (cancelled, timed out) while this step ran: the step ends so. */
    public Ending interruption() {
        return interruption.get();
    }

    public Job update(UnaryOperator<JobState> change) {
        return store.updateState(id, change);
    }

    public Job updateWorkspace(UnaryOperator<Workspace> change) {
        return store.updateWorkspace(id, change);
    }

    /**
     * Runs {@code argv} in {@code dir} as the job's check runs (detached, tagged, no secret), its output
     * appended to {@code log}, until it exits, {@code limit} passes or the job is stopped; then stops
     * whatever it left running.
     */
    public ProcessRuns.Ran runToEnd(List<String> argv, Path dir, Path log, Path exit, Duration limit) {
        return ProcessRuns.toEnd(this, () -> launch.check(job(), argv, dir, log, exit), exit, limit);
    }

    /** The secrets whatever the check printed is masked for. */
    public Map<String, String> secrets() {
        return launch.secretsOf(job());
    }

    /** Stops {@code l} and everything that carries the job's tag (what the check left running). */
    public void stop(ProcessControl.Launched l) {
        processes.kill(l.pid(), l.startTicks(), id, grace);
    }

    /**
     * The job's verification as the agent's next round starts: {@code before}'s (null: no check nor round
     * yet) with one round more, that round's output read from where this one's ends, and what this one
     * spent added to the rounds' tally.
     */
    public Verification roundAfter(Verification before) {
        Verification v = before != null ? before : Verification.checked(null, null, null, null, 0);
        JobDir files = files();
        return v.nextRound(size(files.stdout()), size(files.stderr()), report.usage());
    }

    /**
     * Starts the agent's next round in the same directory, told {@code prompt} (written to
     * {@code promptFile}): on record before the old exit record goes, so a server that dies in
     * between finds a job whose work is committed.
     */
    public void nextRound(Invocation inv, String prompt, Path promptFile, Verification nextRound, String doing)
            throws IOException {
        // what the agent is told: a round that cannot resume a session has its task before the prompt
        Files.writeString(promptFile, inv.told() != null ? inv.told() : prompt, java.nio.charset.StandardCharsets.UTF_8);
        update(s -> s.checked(nextRound));
        Files.deleteIfExists(files().exit());
        ProcessControl.Launched l = launch.agent(job(), inv.argv(), inv.env(), inv.unsetEnv(),
                inv.promptOnStdin() ? promptFile : null).launched();
        Job running = update(s -> s.fixing(l.pid(), l.startTicks(), nextRound, doing)
                .stepStarted(StepRecord.AGENT, nextRound.fixes(), Instant.now()));
        next.attach(running, l.process());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
