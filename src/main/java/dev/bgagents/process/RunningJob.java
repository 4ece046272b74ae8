package dev.bgagents.process;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.JobDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A job whose processes this server watches: identity, output read so far, limits, and how it ends. */
public final class RunningJob {
    private final String id;
    private final long pid;
    private final long startTicks;
    /** Null when re-attached after a restart: then the process table is the only witness. */
    private final Process process;
    private final JobDir files;
    private final OutputFollower stdout;
    private final OutputFollower stderr;
    private final StreamParser parser;
    final Instant startedAt;
    final Duration wallLimit;
    final Duration stallLimit;
    private final Budget budget;
    private final String plan;
    private final Budget planBudget;
    /** What the parser showed at the last pass; volatile: the queue reads it from its own thread. */
    private volatile Usage usage = Usage.NONE;
    private final Usage earlier;
    /** What the jobs before it in its fallback chain spent: counted against its budget, not in its usage. */
    private final Usage spentBefore;
    private volatile Integer turns;
    private volatile boolean streamEnded;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    // set when a job is stopped after its agent ended (while its check runs): the finisher ends it so
    private final AtomicReference<Ending> interruption = new AtomicReference<>();

    private long outputSize = -1;
    Instant lastOutputAt;
    String persistedSession;
    String persistedActivity;
    long lastPersistNanos;

    public RunningJob(Job job, Process process, JobDir files, StreamParser parser) {
        this.id = job.id();
        this.pid = job.state().pid();
        this.startTicks = job.state().pidStartTicks();
        this.process = process;
        this.files = files;
        this.parser = parser;
        // a fix round appends to the same files: its parser reads only its own round
        var rounds = job.state().verification();
        this.stdout = new OutputFollower(files.stdout(), parser::line, rounds == null ? 0 : rounds.stdoutFrom());
        this.stderr = new OutputFollower(files.stderr(), parser::stderrLine, rounds == null ? 0 : rounds.stderrFrom());
        this.startedAt = job.state().startedAt();
        this.wallLimit = minutes(job.spec().limits().timeoutMinutes());
        this.stallLimit = minutes(job.spec().limits().stallMinutes());
        this.budget = job.spec().limits().budget();
        this.earlier = rounds == null ? Usage.NONE : rounds.earlier();
        this.spentBefore = job.spec().limits().spentBefore() == null ? Usage.NONE : job.spec().limits().spentBefore();
        this.plan = job.spec().relations().plan();
        this.planBudget = job.spec().limits().planBudget();
        this.lastOutputAt = latest(startedAt, files.stdout(), files.stderr());
        this.persistedSession = job.state().sessionId();
        this.persistedActivity = job.state().lastActivity();
    }

    public String id() {
        return id;
    }

    public long pid() {
        return pid;
    }

    public long startTicks() {
        return startTicks;
    }

    /** The plan session this job runs a task of, or null. */
    public String plan() {
        return plan;
    }

    /** Usage its stream showed at the watchdog's last pass. */
    public Usage usage() {
        return usage;
    }

    /** Turns its stream showed at the watchdog's last pass, or null. */
    public Integer turns() {
        return turns;
    }

    /** Reads usage and turns from the parser; only on the thread that feeds it. */
    void noteUsage() {
        // a fix round's budget counts what the rounds before it spent
        usage = earlier.plus(parser.usageSoFar());
        turns = parser.turnsSoFar();
        streamEnded = parser.ended();
    }

    /**
     * Why it is over its budget at the last pass, its fallback chain's spending before it counted
     * in; null while within it, or once its stream showed the run's end.
     */
    String overBudget() {
        if (budget.isEmpty() || streamEnded) {
            return null;
        }
        String over = budget.exceededBy(spentBefore.plus(usage), turns);
        return over == null || spentBefore.isEmpty() ? over : over + " (with what the attempts it fell back from spent)";
    }

    /** Its stream showed the run's end at the last pass: it exits by itself, no budget stops it. */
    public boolean streamEnded() {
        return streamEnded;
    }

    /** What the plan's jobs together may spend (NONE: no limit). */
    public Budget planBudget() {
        return planBudget;
    }

    /**
     * Paused on a question to a person: an agent waiting for an answer prints nothing and is not
     * stalled, so its stall clock starts again from now (its wall-clock limit still holds).
     */
    public void asking(Instant now) {
        lastOutputAt = now;
    }

    public JobDir files() {
        return files;
    }

    public StreamParser parser() {
        return parser;
    }

    /**
     * Sets how the job ends unless that is decided already; true for the one caller that
     * decided, who then finishes the job.
     */
    public boolean end(Ending how) {
        return ending.compareAndSet(null, how);
    }

    public boolean ending() {
        return ending.get() != null;
    }

    /** Asks a job whose agent has already ended (it is being checked) to stop as {@code how}. */
    public void interrupt(Ending how) {
        interruption.compareAndSet(null, how);
    }

    public Ending interruption() {
        return interruption.get();
    }

    /** Reads new output into the parser, at most {@code maxBytes} of each stream. */
    void poll(long maxBytes) {
        stdout.poll(maxBytes);
        stderr.poll(maxBytes);
    }

    /** Reads the output to its end, last lines without a newline included. */
    public void drain() {
        stdout.drain();
        stderr.drain();
    }

    boolean alive(ProcessControl control) {
        return process != null ? process.isAlive() : control.isAlive(pid, startTicks);
    }

    /** Notes output growth on stdout or stderr; either counts as a sign of life. */
    void observeOutput(Instant now) {
        long size = size(files.stdout()) + size(files.stderr());
        if (size != outputSize) {
            if (outputSize >= 0) {
                lastOutputAt = now;
            }
            outputSize = size;
        }
    }

    static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception missing) {
            return 0;
        }
    }

    private static Instant latest(Instant start, Path... files) {
        Instant t = start;
        for (Path p : files) {
            try {
                Instant m = Files.getLastModifiedTime(p).toInstant();
                if (m.isAfter(t)) {
                    t = m;
                }
            } catch (Exception missing) {
                // no output yet
            }
        }
        return t;
    }
}
