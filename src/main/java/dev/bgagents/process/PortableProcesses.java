package dev.bgagents.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@link ProcessControl} from the JDK and POSIX tools, for systems without /proc or setsid
 * (macOS): bash's job control starts each job in a process group of its own, the JDK's
 * process start times tell a process from a later one with its pid, and ps lists groups and
 * finds the tagged. Forced on Linux with {@code -Dbgagents.processes=portable} (or
 * {@code BG_AGENTS_PROCESSES=portable}), which is how it is tested.
 */
final class PortableProcesses implements ProcessControl {
    static final PortableProcesses INSTANCE = new PortableProcesses(PsTable.INSTANCE);
    private final ProcessList table;
    private final GroupKiller killer;

    PortableProcesses(ProcessList table) {
        this.table = table;
        this.killer = new GroupKiller(table);
    }

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        return Launcher.inNewGroup(spec, table);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return table.isAlive(pid, startTicks);
    }

    @Override
    public java.util.Optional<Launched> find(String jobId) {
        // the wrapper bash started leads a group of its own; what waits on it carries no tag
        return table.tagged(table.all(), JOB_TAG + "=" + jobId, 0).stream()
                .filter(p -> p.pgrp() == p.pid())
                .findFirst()
                .map(p -> new Launched(p.pid(), p.startTicks(), null));
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        return killer.kill(leader, leaderStartTicks, jobId, grace);
    }

    @Override
    public List<String> detached(List<String> argv) {
        return Launcher.detached(argv, false);
    }

    @Override
    public List<String> tools() {
        return List.of("bash", "ps");
    }
}
