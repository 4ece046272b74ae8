package dev.bgagents.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link ProcessControl} over one platform's process table. On Linux ({@link #LINUX}): setsid
 * starts each job as the leader of a session of its own, /proc identifies and finds. Elsewhere
 * — macOS — ({@link #PORTABLE}): bash's job control starts each job in a process group of its
 * own and reaps it, the JDK's start times tell a reused pid, ps lists groups and finds the
 * tagged. Both stop a job with the same {@link GroupKiller}.
 */
final class SystemProcesses implements ProcessControl {
    static final SystemProcesses LINUX = new SystemProcesses("linux", ProcFs.INSTANCE, true);
    static final SystemProcesses PORTABLE = new SystemProcesses("portable", PsTable.INSTANCE, false);

    private final String name;
    private final ProcessList table;
    /** Jobs lead a session of their own (setsid), else a process group of their own. */
    private final boolean sessions;
    private final GroupKiller killer;

    private SystemProcesses(String name, ProcessList table, boolean sessions) {
        this.name = name;
        this.table = table;
        this.sessions = sessions;
        this.killer = new GroupKiller(table);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        return sessions ? Launcher.inNewSession(spec) : Launcher.inNewGroup(spec, table);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return table.isAlive(pid, startTicks);
    }

    @Override
    public Optional<Launched> find(String jobId) {
        // the wrapper leads the job's session or group; whatever waits on it carries no tag
        return table.tagged(table.all(), JOB_TAG + "=" + jobId, 0).stream()
                .filter(p -> (sessions ? p.session() : p.pgrp()) == p.pid())
                .findFirst()
                .map(p -> new Launched(p.pid(), p.startTicks(), null));
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        return killer.kill(leader, leaderStartTicks, jobId, grace);
    }

    @Override
    public List<String> detached(List<String> argv) {
        return Launcher.detached(argv, sessions);
    }

    @Override
    public List<String> tools() {
        return sessions ? List.of("setsid") : List.of("bash", "ps");
    }
}
