package dev.bgagents.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the job runtime asks of the operating system: start an agent detached from the server
 * (its own session and process group, output to files, its exit status recorded), tell whether
 * a pid is still the process that was started (pids are reused), and stop a job with everything
 * it started. Linux answers with setsid and /proc ({@link #linux()}); other systems (macOS) with
 * the JDK's process handles, bash and ps ({@link #portable()}); {@link #forThisSystem()} picks.
 */
public interface ProcessControl {
    /**
     * Set to the job's id in the environment of every job, and so inherited by every process it
     * starts: what finds a process that left the job's session and was re-parented to init.
     */
    String JOB_TAG = "BG_AGENTS_JOB";

    /**
     * The pid on record for an agent that runs on another machine (a cluster's pod): no process here has it,
     * so the calls that take it ({@link #isAlive(String, long, long)}, {@link #kill}) go to that runner.
     */
    long ELSEWHERE = -2;

    /**
     * @param stdin      the file the agent reads, or null for /dev/null
     * @param exitRecord written by the launcher once the agent exits: its status, one line
     */
    record LaunchSpec(List<String> argv, Path workdir, Path stdin, Path stdout, Path stderr, Path exitRecord,
                      Map<String, String> env, List<String> unsetEnv) {
        public LaunchSpec {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            unsetEnv = List.copyOf(unsetEnv);
        }
    }

    /** A started agent: the group leader's pid and start time, and its handle while this server lives. */
    record Launched(long pid, long startTicks, Process process) {
    }

    Launched launch(LaunchSpec spec) throws IOException;

    /**
     * Starts a job's agent on {@code runner} instead of here: the same argument vector and environment, its
     * output and exit still written to the spec's files (the one truth), its pid {@link #ELSEWHERE}.
     */
    default Launched launchElsewhere(String runner, LaunchSpec spec) throws IOException {
        throw new IOException("no runner \"" + runner + "\" is configured (bg-agents.json runners)");
    }

    /** Whether job {@code jobId}'s leader is alive: on this machine by its pid, or on the runner it ran on. */
    default boolean isAlive(String jobId, long pid, long startTicks) {
        return isAlive(pid, startTicks);
    }

    /** Whether {@code pid} is alive and is the process that started at {@code startTicks}. */
    boolean isAlive(long pid, long startTicks);

    /**
     * Stops every process of the job led by {@code leader} — its group, its session, its
     * descendants and whatever carries {@code JOB_TAG=jobId}: SIGTERM, then SIGKILL after {@code grace}.
     */
    KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace);

    /**
     * The running leader of a job's processes, found by {@code JOB_TAG=jobId} alone: for a job a
     * server was starting when it died, before its record could say which pid it has.
     */
    java.util.Optional<Launched> find(String jobId);

    /** The system property (or, for the processes a test starts, the environment variable) that forces one. */
    String CHOICE_PROPERTY = "bgagents.processes";
    String CHOICE_ENV = "BG_AGENTS_PROCESSES";

    /** "linux" or "portable". */
    String name();

    /** The command that starts {@code argv} detached from this process, in a session or group of its own. */
    List<String> detached(List<String> argv);

    /** The programs this implementation runs, which must be on PATH (doctor checks them). */
    List<String> tools();

    static ProcessControl linux() {
        return SystemProcesses.LINUX;
    }

    static ProcessControl portable() {
        return SystemProcesses.PORTABLE;
    }

    /**
     * The Linux implementation where /proc and setsid are there, the portable one elsewhere;
     * {@value #CHOICE_PROPERTY} or {@value #CHOICE_ENV} = {@code linux} / {@code portable} forces one.
     */
    static ProcessControl forThisSystem() {
        String forced = System.getProperty(CHOICE_PROPERTY, System.getenv(CHOICE_ENV));
        if ("portable".equals(forced)) {
            return portable();
        }
        if ("linux".equals(forced)) {
            return linux();
        }
        return ProcFs.present() && onPath("setsid") ? linux() : portable();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
