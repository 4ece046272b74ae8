package dev.bgagents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processes that are only bookkeeping: a launch gets a pid that is "alive" until the test makes
 * it exit (writing its output and exit record, as the launcher shell would) or a kill stops it.
 */
public final class FakeProcesses implements ProcessControl {
    private final AtomicLong pids = new AtomicLong(40_000);
    private final Map<Long, LaunchSpec> launched = new ConcurrentHashMap<>();
    private final Set<Long> alive = ConcurrentHashMap.newKeySet();
    public final List<Long> killed = java.util.Collections.synchronizedList(new ArrayList<>());
    public volatile IOException failLaunch;

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        if (failLaunch != null) {
            throw failLaunch;
        }
        long pid = pids.incrementAndGet();
        launched.put(pid, spec);
        alive.add(pid);
        return new Launched(pid, pid * 10, null);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return alive.contains(pid) && startTicks == pid * 10;
    }

    /** Kills held until their latch opens, by pid. */
    private final Map<Long, java.util.concurrent.CountDownLatch> held = new ConcurrentHashMap<>();

    /**
     * A kill of {@code pid} (in {@link #killed} at once) returns only once {@code until} opens: a
     * job's end, which stops what its agent left first, is held there, its record not written yet.
     */
    public void holdKill(long pid, java.util.concurrent.CountDownLatch until) {
        held.put(pid, until);
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        killed.add(leader);
        java.util.concurrent.CountDownLatch hold = held.remove(leader);
        try {
            if (hold != null && !hold.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the kill of " + leader + " was held 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return alive.remove(leader) ? new KillOutcome(1, 0, List.of()) : KillOutcome.NOTHING;
    }

    @Override
    public java.util.Optional<Launched> find(String jobId) {
        return alive.stream().filter(pid -> jobId.equals(launched.get(pid).env().get(JOB_TAG))).findFirst()
                .map(pid -> new Launched(pid, pid * 10, null));
    }

    /** Every process started, oldest first: its pid and how it was started. */
    public java.util.List<Long> launched() {
        return launched.keySet().stream().sorted().toList();
    }

    /** The newest process started whose argument vector ends with {@code last}, if any. */
    public java.util.Optional<Long> newestEndingWith(String last) {
        return launched().stream().sorted(java.util.Comparator.reverseOrder())
                .filter(pid -> { var a = launched.get(pid).argv(); return !a.isEmpty() && a.get(a.size() - 1).equals(last); })
                .findFirst();
    }

    public boolean alive(long pid) {
        return alive.contains(pid);
    }

    public LaunchSpec spec(long pid) {
        return launched.get(pid);
    }

    /** The agent prints {@code stdout} and exits with {@code code}, as the launcher would record it. */
    public void exit(long pid, String stdout, int code) throws IOException {
        LaunchSpec s = launched.get(pid);
        Files.writeString(s.stdout(), stdout);
        Files.writeString(s.exitRecord(), code + "\n");
        alive.remove(pid);
    }

    /** The process is gone with no exit record (killed from outside, the machine rebooted). */
    public void vanish(long pid) {
        alive.remove(pid);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public java.util.List<String> detached(java.util.List<String> argv) {
        return argv;
    }

    @Override
    public java.util.List<String> tools() {
        return java.util.List.of();
    }
}
