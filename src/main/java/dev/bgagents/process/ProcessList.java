package dev.bgagents.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The process table as one platform reads it: who is alive, their parent and process group
 * (and session, where the platform says), when each started — the start time is what tells a
 * process from a later one given the same pid — and which carry a job's tag in their
 * environment. Linux reads /proc ({@link ProcFs}); elsewhere the JDK and ps ({@link PsTable}).
 */
interface ProcessList {
    /**
     * @param state      'Z' (zombie) or 'X': already dead
     * @param session    -1 where the platform does not say
     * @param startTicks the start time in this list's own unit: compared only with values it gave
     */
    record Proc(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
        boolean alive() {
            return state != 'Z' && state != 'X';
        }
    }

    Optional<Proc> read(long pid);

    /** Every process now: one snapshot. */
    List<Proc> all();

    /** Of the processes {@code among}, those whose environment holds {@code entry} ("NAME=value"). */
    Set<Long> carrying(String entry, Collection<Long> among);

    /** Whether {@code pid} is alive and is the same process that started at {@code startTicks}. */
    default boolean isAlive(long pid, long startTicks) {
        return read(pid).filter(p -> p.startTicks() == startTicks && p.alive()).isPresent();
    }

    /** Live processes in the group or session led by {@code leader} (both equal its pid). */
    static List<Proc> members(List<Proc> snapshot, long leader, long leaderStartTicks) {
        return snapshot.stream()
                .filter(Proc::alive)
                .filter(p -> p.pgrp() == leader || p.session() == leader)
                // a pid reused after the leader died started later than any member we could own
                .filter(p -> p.startTicks() >= leaderStartTicks)
                .toList();
    }

    /** Live processes started no earlier than {@code sinceTicks} whose environment holds {@code entry}. */
    default List<Proc> tagged(List<Proc> snapshot, String entry, long sinceTicks) {
        long self = ProcessHandle.current().pid();
        List<Proc> candidates = snapshot.stream()
                .filter(p -> p.alive() && p.startTicks() >= sinceTicks && p.pid() != self).toList();
        Set<Long> carrying = carrying(entry, candidates.stream().map(Proc::pid).toList());
        return candidates.stream().filter(p -> carrying.contains(p.pid())).toList();
    }

    /** Live descendants of {@code root} by parent links (catches ones that left the group). */
    static List<Proc> descendants(List<Proc> snapshot, long root) {
        List<Proc> found = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(root));
        while (!frontier.isEmpty()) {
            long parent = frontier.remove(frontier.size() - 1);
            for (Proc p : snapshot) {
                if (p.ppid() == parent && p.alive()) {
                    found.add(p);
                    frontier.add(p.pid());
                }
            }
        }
        return found;
    }
}
