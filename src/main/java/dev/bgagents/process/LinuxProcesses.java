package dev.bgagents.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** {@link ProcessControl} on Linux: setsid to start, /proc to identify and find, signals to stop. */
final class LinuxProcesses implements ProcessControl {
    static final LinuxProcesses INSTANCE = new LinuxProcesses();
    private final GroupKiller killer = new GroupKiller(ProcFs.INSTANCE);

    private LinuxProcesses() {
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        return Launcher.inNewSession(spec);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return ProcFs.INSTANCE.isAlive(pid, startTicks);
    }

    @Override
    public java.util.Optional<Launched> find(String jobId) {
        // the launcher made itself a session leader (setsid): that is the job's leader
        return ProcFs.INSTANCE.tagged(ProcFs.INSTANCE.all(), JOB_TAG + "=" + jobId, 0).stream()
                .filter(p -> p.session() == p.pid())
                .findFirst()
                .map(p -> new Launched(p.pid(), p.startTicks(), null));
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        return killer.kill(leader, leaderStartTicks, jobId, grace);
    }

    @Override
    public List<String> detached(List<String> argv) {
        return Launcher.detached(argv, true);
    }

    @Override
    public List<String> tools() {
        return List.of("setsid");
    }
}
