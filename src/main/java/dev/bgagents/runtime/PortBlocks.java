package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A block of free TCP ports for each job as it starts, in its environment as {@code PORT} (the
 * first, what most dev servers read), {@code BG_AGENTS_PORT_BASE} and {@code BG_AGENTS_PORT_COUNT},
 * so agents working in parallel worktrees do not fight over 3000 or 5432. A block is one no
 * other active job of the project holds (each job's block is in its directory, {@code ports},
 * for every server to read) and whose every port can be bound on 127.0.0.1 right now.
 */
final class PortBlocks {
    static final int COUNT = 10;
    private static final int FIRST = 20_000;
    private static final int BLOCKS = 4_000; // 20000..59999: above the usual dev ports, below the ephemeral range

    private PortBlocks() {
    }

    /** Picks a block for {@code job}, notes it in the job's directory, and adds it to {@code env}; none when every block is busy. */
    static void give(JobStore store, Job job, Map<String, String> env) {
        Set<Integer> taken = new HashSet<>();
        for (Job other : store.all()) {
            if (other.status().isActive() && !other.id().equals(job.id())) {
                base(store, other).ifPresent(taken::add);
            }
        }
        Integer base = pick(taken);
        if (base == null) {
            return;
        }
        try {
            Files.writeString(store.files(job.id()).ports(), base + " " + COUNT + "\n");
        } catch (IOException e) {
            // the job still gets its ports; another server may then pick the same block, which the bind check catches
        }
        put(env, base);
    }

    private static void put(Map<String, String> env, int base) {
        env.putIfAbsent("PORT", Integer.toString(base)); // a PORT the config sets for the provider stays
        env.put("BG_AGENTS_PORT_BASE", Integer.toString(base));
        env.put("BG_AGENTS_PORT_COUNT", Integer.toString(COUNT));
    }

    /** The block {@code job} was given, again (a fix round, its check); one is given now if it has none. */
    static void keep(JobStore store, Job job, Map<String, String> env) {
        java.util.Optional<Integer> base = base(store, job);
        if (base.isEmpty()) {
            give(store, job, env);
            return;
        }
        put(env, base.get());
    }

    static java.util.Optional<Integer> base(JobStore store, Job job) {
        try {
            return java.util.Optional.of(Integer.parseInt(Files.readString(store.files(job.id()).ports()).split(" ")[0]));
        } catch (IOException | RuntimeException none) {
            return java.util.Optional.empty();
        }
    }

    /** A free block's first port, starting from a random one so servers sharing a machine rarely race. */
    static Integer pick(Collection<Integer> taken) {
        int start = ThreadLocalRandom.current().nextInt(BLOCKS);
        for (int i = 0; i < BLOCKS; i++) {
            int base = FIRST + ((start + i) % BLOCKS) * COUNT;
            if (!taken.contains(base) && free(base)) {
                return base;
            }
        }
        return null;
    }

    private static boolean free(int base) {
        for (int port = base; port < base + COUNT; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // bindable now
            } catch (IOException inUse) {
                return false;
            }
        }
        return true;
    }
}
