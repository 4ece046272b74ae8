package dev.bgagents.process;

import java.io.IOException;
import java.time.Duration;

/** {@link ProcessControl} on Linux: setsid to start, /proc to identify and find, signals to stop. */
final class LinuxProcesses implements ProcessControl {
    static final LinuxProcesses INSTANCE = new LinuxProcesses();

    private LinuxProcesses() {
    }

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        return Launcher.launch(spec);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return ProcessTable.isAlive(pid, startTicks);
    }

    @Override
    public java.util.Optional<Launched> find(String jobId) {
        // the launcher made itself a session leader (setsid): that is the job's leader
        return ProcessTable.tagged(JOB_TAG + "=" + jobId, 0).stream()
                .filter(p -> p.session() == p.pid())
                .findFirst()
                .map(p -> new Launched(p.pid(), p.startTicks(), null));
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        return GroupKiller.kill(leader, leaderStartTicks, jobId, grace);
    }
}
