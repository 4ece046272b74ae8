package dev.bgagents.process;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ends every process a job started: the members of its process group and session, any
 * descendant that moved to a group of its own, and any process that carries the job's tag in
 * its environment — one that called setsid and whose parent then exited is linked to the job by
 * nothing else. SIGTERM first, SIGKILL after the grace period for whatever ignores it, and a
 * final look at the process table to say whether anything survived. Each look is one snapshot
 * of the table, on whichever platform reads it.
 */
final class GroupKiller {
    /** How often, while waiting, the table is searched for tagged processes again (each search reads every environment). */
    private static final int TAG_SEARCH_EVERY = 8;

    private final ProcessList table;

    GroupKiller(ProcessList table) {
        this.table = table;
    }

    KillOutcome kill(long leader, long leaderTicks, String jobId, Duration grace) {
        if (leader <= 1) {
            return KillOutcome.NOTHING;
        }
        String tag = jobId == null ? null : ProcessControl.JOB_TAG + "=" + jobId;
        Map<Long, Long> targets = new HashMap<>();
        List<ProcessList.Proc> now = table.all();
        // descendants first, while the leader still links them (they lose the link when it dies)
        if (identified(now, leader, leaderTicks)) {
            ProcessList.descendants(now, leader).forEach(p -> targets.put(p.pid(), p.startTicks()));
            targets.put(leader, leaderTicks);
        }
        collect(now, leader, leaderTicks, tag, targets);
        if (targets.isEmpty()) {
            return KillOutcome.NOTHING;
        }
        Set<Long> seen = new HashSet<>(targets.keySet());
        signal(targets, false);
        if (waitForExit(leader, leaderTicks, tag, targets, seen, grace)) {
            return new KillOutcome(seen.size(), 0, List.of());
        }
        int forced = targets.size();
        signal(targets, true);
        waitForExit(leader, leaderTicks, tag, targets, seen, Duration.ofSeconds(5));
        return new KillOutcome(seen.size(), forced, List.copyOf(targets.keySet()));
    }

    private static boolean identified(List<ProcessList.Proc> now, long pid, long ticks) {
        return now.stream().anyMatch(p -> p.pid() == pid && p.startTicks() == ticks && p.alive());
    }

    private void collect(List<ProcessList.Proc> now, long leader, long leaderTicks, String tag, Map<Long, Long> into) {
        ProcessList.members(now, leader, leaderTicks).forEach(p -> into.putIfAbsent(p.pid(), p.startTicks()));
        if (tag != null) {
            table.tagged(now, tag, leaderTicks).forEach(p -> into.putIfAbsent(p.pid(), p.startTicks()));
        }
    }

    /**
     * Oldest first: a parent signalled after its child could see the child die and go on with its script
     * (a shell's next command) in the moment before its own signal arrives.
     */
    private void signal(Map<Long, Long> targets, boolean force) {
        targets.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> signal(e.getKey(), e.getValue(), force));
    }

    private void signal(long pid, long ticks, boolean force) {
        // re-check identity right before signalling: never hit a recycled pid
        if (table.isAlive(pid, ticks)) {
            ProcessHandle.of(pid).ifPresent(h -> {
                if (force) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        }
    }

    /** Polls until every target is gone; new forks in the group are added and signalled too. */
    private boolean waitForExit(long leader, long leaderTicks, String tag, Map<Long, Long> targets,
                                Set<Long> seen, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int round = 1; ; round++) {
            List<ProcessList.Proc> now = table.all();
            Map<Long, Long> late = new HashMap<>();
            ProcessList.members(now, leader, leaderTicks).forEach(p -> late.putIfAbsent(p.pid(), p.startTicks()));
            if (round % TAG_SEARCH_EVERY == 0 && tag != null) {
                table.tagged(now, tag, leaderTicks).forEach(p -> late.putIfAbsent(p.pid(), p.startTicks()));
            }
            late.keySet().removeAll(targets.keySet());
            if (!late.isEmpty()) {
                targets.putAll(late);
                seen.addAll(late.keySet());
                signal(late, false);
            }
            targets.entrySet().removeIf(e -> !identified(now, e.getKey(), e.getValue()));
            if (targets.isEmpty() && tag != null) {
                // one more search before saying all gone: a process its parent forked into a session of
                // its own just as the parent died (claude starting a tool's shell) carries only the tag
                List<ProcessList.Proc> last = table.all();
                table.tagged(last, tag, leaderTicks).stream().filter(p -> identified(last, p.pid(), p.startTicks()))
                        .forEach(p -> targets.putIfAbsent(p.pid(), p.startTicks()));
                seen.addAll(targets.keySet());
                signal(targets, false);
            }
            if (targets.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
