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
 * it started. Linux answers with setsid and /proc ({@link #linux()}).
 */
public interface ProcessControl {
    /**
     * Set to the job's id in the environment of every job, and so inherited by every process it
     * starts: what finds a process that left the job's session and was re-parented to init.
     */
    String JOB_TAG = "BG_AGENTS_JOB";

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

    static ProcessControl linux() {
        return LinuxProcesses.INSTANCE;
    }
}
