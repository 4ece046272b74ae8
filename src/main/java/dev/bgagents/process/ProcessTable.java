package dev.bgagents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads Linux's /proc: who is alive, in which process group and session, started when. */
final class ProcessTable {
    private ProcessTable() {
    }

    /** One line of /proc/PID/stat, the fields we use. {@code state} 'Z' is a zombie: already dead. */
    record Proc(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
        boolean alive() {
            return state != 'Z' && state != 'X';
        }
    }

    static Optional<Proc> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces and parentheses: split after the last ')'
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            // f[0] is field 3 (state); field N is f[N - 3]
            return Optional.of(new Proc(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Whether {@code pid} is alive and is the same process that started at {@code startTicks}. */
    static boolean isAlive(long pid, long startTicks) {
        return read(pid).filter(p -> p.startTicks() == startTicks && p.alive()).isPresent();
    }

    static List<Proc> all() {
        List<Proc> procs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    read(Long.parseLong(name)).ifPresent(procs::add);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return procs;
    }

    /** Live processes in the group or session led by {@code leader} (both equal its pid). */
    static List<Proc> members(long leader, long leaderStartTicks) {
        return all().stream()
                .filter(Proc::alive)
                .filter(p -> p.pgrp() == leader || p.session() == leader)
                // a pid reused after the leader died started later than any member we could own
                .filter(p -> p.startTicks() >= leaderStartTicks)
                .toList();
    }

    /**
     * Live processes started no earlier than {@code sinceTicks} whose environment holds
     * {@code entry} ("NAME=value"); processes of other users, whose environ cannot be read, are not ours.
     */
    static List<Proc> tagged(String entry, long sinceTicks) {
        long self = ProcessHandle.current().pid();
        List<Proc> found = new ArrayList<>();
        for (Proc p : all()) {
            if (!p.alive() || p.startTicks() < sinceTicks || p.pid() == self) {
                continue;
            }
            try {
                String env = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                if (java.util.Arrays.asList(env.split("\0")).contains(entry)) {
                    found.add(p);
                }
            } catch (IOException | RuntimeException unreadable) {
                // gone, or not ours
            }
        }
        return found;
    }

    /** Live descendants of {@code root} by parent links (catches ones that left the group). */
    static List<Proc> descendants(long root) {
        List<Proc> procs = all();
        List<Proc> found = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(root));
        while (!frontier.isEmpty()) {
            long parent = frontier.remove(frontier.size() - 1);
            for (Proc p : procs) {
                if (p.ppid() == parent && p.alive()) {
                    found.add(p);
                    frontier.add(p.pid());
                }
            }
        }
        return found;
    }
}
