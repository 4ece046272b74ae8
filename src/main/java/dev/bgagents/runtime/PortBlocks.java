package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A block of free TCP ports for each job as it starts, in its environment as {@code PORT} (the
 * first, what most dev servers read), {@code BG_AGENTS_PORT_BASE} and {@code BG_AGENTS_PORT_COUNT},
 * so agents working in parallel worktrees do not fight over 3000 or 5432. A block is one no
 * other active job of the project holds (each job's block is in its directory, {@code ports},
 * for every server to read), none of whose ports is in the system's ephemeral range (where any
 * program may be handed one at any moment), and whose every port can be bound on 127.0.0.1 right now.
 * <p>
 * A job for which no block is free starts all the same, without {@code PORT}, and its record says
 * why: most jobs never open a port, and blocks held by other programs may never come free, so
 * holding it queued could stall it for nothing.
 */
final class PortBlocks {
    static final int COUNT = 10;
    /** Above the ports dev servers and databases take by default (3000, 5432, 8080, …). */
    static final int FIRST = 20_000;
    private static final int LAST = 65_535;

    private record Choice(Integer base, String whyNone) {
    }

    private PortBlocks() {
    }

    /** Gives {@code job} a block unless it has one, noted in its directory; empty, or why none was free. */
    static Optional<String> give(JobStore store, Job job) {
        return Optional.ofNullable(held(store, job).whyNone());
    }

    /**
     * The block {@code job} was given, in {@code env} (its launch, a fix round, its check); one is
     * given now if it has none. Empty, or why it has none.
     */
    static Optional<String> keep(JobStore store, Job job, Map<String, String> env) {
        Choice c = held(store, job);
        if (c.base() != null) {
            put(env, c.base());
        }
        return Optional.ofNullable(c.whyNone());
    }

    private static Choice held(JobStore store, Job job) {
        return base(store, job).map(b -> new Choice(b, null)).orElseGet(() -> choose(store, job));
    }

    private static Choice choose(JobStore store, Job job) {
        Set<Integer> taken = new HashSet<>();
        for (Job other : store.all()) {
            if (other.status().isActive() && !other.id().equals(job.id())) {
                base(store, other).ifPresent(taken::add);
            }
        }
        EphemeralRange ephemeral = EphemeralRange.ofSystem();
        List<Integer> candidates = candidates(ephemeral);
        Integer base = pick(taken, candidates);
        if (base == null) {
            return new Choice(null, noneFree(taken, candidates, ephemeral));
        }
        try {
            Files.writeString(store.files(job.id()).ports(), base + " " + COUNT + "\n");
        } catch (IOException e) {
            // the job still gets its ports; another server may then pick the same block, which the bind check catches
        }
        return new Choice(base, null);
    }

    private static void put(Map<String, String> env, int base) {
        env.putIfAbsent("PORT", Integer.toString(base)); // a PORT the config sets for the provider stays
        env.put("BG_AGENTS_PORT_BASE", Integer.toString(base));
        env.put("BG_AGENTS_PORT_COUNT", Integer.toString(COUNT));
    }

    static Optional<Integer> base(JobStore store, Job job) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(store.files(job.id()).ports()).split(" ")[0]));
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }

    /** The first port of every block from {@link #FIRST} up that lies wholly outside {@code ephemeral}. */
    static List<Integer> candidates(EphemeralRange ephemeral) {
        List<Integer> bases = new ArrayList<>();
        for (int base = FIRST; base + COUNT - 1 <= LAST; base += COUNT) {
            if (!ephemeral.overlaps(base, base + COUNT - 1)) {
                bases.add(base);
            }
        }
        return bases;
    }

    /** A free block's first port, starting from a random one so servers sharing a machine rarely race. */
    static Integer pick(Collection<Integer> taken, List<Integer> candidates) {
        int n = candidates.size();
        int start = n == 0 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int base = candidates.get((start + i) % n);
            if (!taken.contains(base) && free(base)) {
                return base;
            }
        }
        return null;
    }

    /** One line: why none of {@code candidates} could be given. */
    static String noneFree(Collection<Integer> taken, List<Integer> candidates, EphemeralRange ephemeral) {
        if (candidates.isEmpty()) {
            return "the system's ephemeral port range " + ephemeral + " leaves no block of " + COUNT + " ports from "
                    + FIRST + " outside it";
        }
        long held = candidates.stream().filter(taken::contains).count();
        return String.format(Locale.ROOT, "all %,d blocks of %d ports from %d outside the ephemeral range %s are busy "
                + "(%,d held by this project's active jobs, %,d with a port in use)", candidates.size(), COUNT, FIRST,
                ephemeral, held, candidates.size() - held);
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
