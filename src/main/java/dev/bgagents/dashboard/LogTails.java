package dev.bgagents.dashboard;

import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.process.OutputFollower;
import dev.bgagents.providers.Providers;
import dev.bgagents.view.JobRow;
import dev.bgagents.view.ReadableLog;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last readable lines of each job's output, followed from where the previous look stopped,
 * so a dashboard open for hours reads each byte of a log once.
 */
final class LogTails {
    static final int LINES = 12;
    /** Bytes read per job per look: a job that printed gigabytes catches up over several looks. */
    private static final long BYTES_PER_LOOK = 4L << 20;

    private static final class Tail {
        final ArrayDeque<String> last = new ArrayDeque<>();
        final OutputFollower follower;
        final ReadableLog log;

        Tail(Path stdout, StreamParser parser, String workdir) {
            log = new ReadableLog(parser, this::add, workdir);
            follower = new OutputFollower(stdout, log::line);
        }

        synchronized void add(String line) {
            last.addLast(line);
            while (last.size() > LINES) {
                last.removeFirst();
            }
        }

        synchronized List<String> lines(boolean ended) {
            follower.poll(BYTES_PER_LOOK);
            if (ended) {
                log.end();
            }
            return List.copyOf(last);
        }
    }

    private final Map<String, Tail> tails = new HashMap<>();
    private final Map<Path, Optional<Providers>> providers = new HashMap<>();

    /** Lets go of the tails of jobs no longer on the page. */
    synchronized void keepOnly(java.util.Collection<JobRow> shown) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        shown.forEach(r -> keys.add(key(r)));
        tails.keySet().retainAll(keys);
    }

    private static String key(JobRow row) {
        return row.project() + "/" + row.id();
    }

    synchronized List<String> of(JobRow row, Path stdout) {
        Tail tail = tails.computeIfAbsent(key(row),
                k -> new Tail(stdout, parser(row.project(), row.provider()), row.workdir()));
        return tail.lines(!row.active());
    }

    private StreamParser parser(Path project, String provider) {
        return providers.computeIfAbsent(project, p -> {
            try {
                return Optional.of(new Providers(ConfigLoader.load(p)));
            } catch (ConfigLoader.ConfigException | RuntimeException e) {
                return Optional.empty();
            }
        }).flatMap(p -> p.cli(provider)).map(c -> c.newParser()).orElse(null);
    }
}
