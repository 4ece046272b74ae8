package dev.bgagents.process;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ends every process a job started: the members of its process group and session, and any
 * descendant that moved to a group of its own. SIGTERM first, SIGKILL after the grace period
 * for whatever ignores it, and a final look in /proc to say whether anything survived.
 */
final class GroupKiller {
    private GroupKiller() {
    }

    static KillOutcome kill(long leader, long leaderTicks, Duration grace) {
        if (leader <= 1) {
            return KillOutcome.NOTHING;
        }
        Map<Long, Long> targets = new HashMap<>();
        // descendants first, while the leader still links them (they lose the link when it dies)
        if (ProcessTable.isAlive(leader, leaderTicks)) {
            ProcessTable.descendants(leader).forEach(p -> targets.put(p.pid(), p.startTicks()));
            targets.put(leader, leaderTicks);
        }
        collectMembers(leader, leaderTicks, targets);
        if (targets.isEmpty()) {
            return KillOutcome.NOTHING;
        }
        Set<Long> seen = new HashSet<>(targets.keySet());
        signal(targets, false);
        if (waitForExit(leader, leaderTicks, targets, seen, grace)) {
            return new KillOutcome(seen.size(), 0, List.of());
        }
        int forced = targets.size();
        signal(targets, true);
        waitForExit(leader, leaderTicks, targets, seen, Duration.ofSeconds(5));
        return new KillOutcome(seen.size(), forced, List.copyOf(targets.keySet()));
    }

    private static void collectMembers(long leader, long leaderTicks, Map<Long, Long> targets) {
        ProcessTable.members(leader, leaderTicks).forEach(p -> targets.putIfAbsent(p.pid(), p.startTicks()));
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
    private static boolean waitForExit(long leader, long leaderTicks, Map<Long, Long> targets, Set<Long> seen,
                                       Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<Long, Long> late = new HashMap<>();
            collectMembers(leader, leaderTicks, late);
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
