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
 * final look in /proc to say whether anything survived.
 */
final class GroupKiller {
    private GroupKiller() {
    }

    /** How often, while waiting, /proc is searched for tagged processes again (each search reads every environ). */
    private static final int TAG_SEARCH_EVERY = 8;

    static KillOutcome kill(long leader, long leaderTicks, String jobId, Duration grace) {
        if (leader <= 1) {
            return KillOutcome.NOTHING;
        }
        String tag = jobId == null ? null : ProcessControl.JOB_TAG + "=" + jobId;
        Map<Long, Long> targets = new HashMap<>();
        // descendants first, while the leader still links them (they lose the link when it dies)
        if (ProcessTable.isAlive(leader, leaderTicks)) {
            ProcessTable.descendants(leader).forEach(p -> targets.put(p.pid(), p.startTicks()));
            targets.put(leader, leaderTicks);
        }
        collectMembers(leader, leaderTicks, targets);
        collectTagged(tag, leaderTicks, targets);
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

    private static void collectMembers(long leader, long leaderTicks, Map<Long, Long> targets) {
        ProcessTable.members(leader, leaderTicks).forEach(p -> targets.putIfAbsent(p.pid(), p.startTicks()));
    }

    private static void collectTagged(String tag, long leaderTicks, Map<Long, Long> targets) {
        if (tag != null) {
            ProcessTable.tagged(tag, leaderTicks).forEach(p -> targets.putIfAbsent(p.pid(), p.startTicks()));
        }
    }

    private static void signal(Map<Long, Long> targets, boolean force) {
        targets.forEach((pid, ticks) -> {
            // re-check identity right before signalling: never hit a recycled pid
            if (ProcessTable.isAlive(pid, ticks)) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    if (force) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                });
            }
        });
    }

    /** Polls until every target is gone; new forks in the group are added and signalled too. */
    private static boolean waitForExit(long leader, long leaderTicks, String tag, Map<Long, Long> targets,
                                       Set<Long> seen, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int round = 1; ; round++) {
            Map<Long, Long> late = new HashMap<>();
            collectMembers(leader, leaderTicks, late);
            if (round % TAG_SEARCH_EVERY == 0) {
                collectTagged(tag, leaderTicks, late);
            }
            late.keySet().removeAll(targets.keySet());
            if (!late.isEmpty()) {
                targets.putAll(late);
                seen.addAll(late.keySet());
                signal(late, false);
            }
            targets.entrySet().removeIf(e -> !ProcessTable.isAlive(e.getKey(), e.getValue()));
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
