package dev.bgagents.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The process table without /proc, as macOS has it: the JDK's {@link ProcessHandle} for a
 * process's start time (the identity across pid reuse, in milliseconds since the epoch), and
 * POSIX {@code ps} for what the JDK does not tell — process group and state (a zombie is
 * dead, though the JDK calls it alive) — and, with the one flag that differs between the BSD
 * and procps {@code ps}, the environment that carries a job's tag. Sessions are not read:
 * {@code ps} has no portable session id, so jobs here get a process group of their own.
 */
final class PsTable implements ProcessList {
    static final PsTable INSTANCE = new PsTable(isBsd());

    private final boolean bsd;

    PsTable(boolean bsd) {
        this.bsd = bsd;
    }

    static boolean isBsd() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin") || os.contains("bsd");
    }

    @Override
    public Optional<Proc> read(long pid) {
        if (pid <= 0 || ProcessHandle.of(pid).isEmpty()) {
            return Optional.empty();
        }
        return table(List.of("-p", Long.toString(pid))).stream().filter(p -> p.pid() == pid).findFirst();
    }

    @Override
    public List<Proc> all() {
        return table(List.of("-A"));
    }

    @Override
    public Set<Long> carrying(String entry, Collection<Long> among) {
        // procps shows the environment after the command with the BSD-style "e"; macOS's ps with -E
        List<String> cmd = bsd ? List.of("ps", "-A", "-E", "-ww", "-o", "pid=", "-o", "command=")
                : List.of("ps", "-A", "-ww", "-o", "pid=", "-o", "command=", "e");
        Set<Long> wanted = new HashSet<>(among);
        Set<Long> found = new HashSet<>();
        for (String line : run(cmd)) {
            String l = line.strip();
            int space = l.indexOf(' ');
            if (space < 0) {
                continue;
            }
            try {
                long pid = Long.parseLong(l.substring(0, space));
                if (wanted.contains(pid) && (" " + l.substring(space + 1) + " ").contains(" " + entry + " ")) {
                    found.add(pid);
                }
            } catch (NumberFormatException e) {
                // not a process line
            }
        }
        return found;
    }

    private List<Proc> table(List<String> which) {
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(which);
        cmd.addAll(List.of("-o", "pid=", "-o", "ppid=", "-o", "pgid=", "-o", "stat="));
        List<Proc> procs = new ArrayList<>();
        for (String line : run(cmd)) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            try {
                long pid = Long.parseLong(f[0]);
                long start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli)
                        .orElse(-1L);
                if (start >= 0) {
                    procs.add(new Proc(pid, f[3].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), -1, start));
                }
            } catch (NumberFormatException e) {
                // a header or a torn line
            }
        }
        return procs;
    }

    /** ps's output lines; none when it fails (a pid that is gone makes ps exit 1, which is an answer). */
    private static List<String> run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
