package dev.bgagents.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Linux's /proc: one file per process says its state, parent, group, session and start time
 * (clock ticks since boot), read without starting anything — a kill's wait loop reads it 40
 * times a second.
 */
final class ProcFs implements ProcessList {
    static final ProcFs INSTANCE = new ProcFs();

    private ProcFs() {
    }

    /** Whether this system has a /proc to read (Linux). */
    static boolean present() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    @Override
    public Optional<Proc> read(long pid) {
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

    @Override
    public List<Proc> all() {
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

    /** Processes of other users, whose environ cannot be read, are not ours. */
    @Override
    public Set<Long> carrying(String entry, Collection<Long> among) {
        Set<Long> found = new HashSet<>();
        for (long pid : among) {
            try {
                String env = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1);
                if (Arrays.asList(env.split("\0")).contains(entry)) {
                    found.add(pid);
                }
            } catch (IOException | RuntimeException unreadable) {
                // gone, or not ours
            }
        }
        return found;
    }
}
