package dev.bgagents.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What confines a process the server starts on an agent's behalf — the agent of a read-only or
 * workspace-write job ({@link AgentRules}), and a job's check, which runs code the agent chose — by
 * the operating system rather than by its arguments: it may write only where {@link Rules} say,
 * everything else it sees read-only. {@link #forThisSystem()} picks bubblewrap where it runs
 * (sandbox-exec on macOS), else says why there is none.
 */
public interface Sandbox {

    /**
     * @param workdir    where the process starts
     * @param writable   directories it may change (the job's worktree)
     * @param readable   directories it may read that its private {@code /tmp} would hide (what a checkout of
     *                   a job's base borrows from the job's worktree, wherever that is)
     * @param privateTmp a directory of its own, seen as {@code /tmp}
     * @param network    whether it shares the machine's network; without, it has a loopback of its own
     * @param sealed     paths inside {@code writable} it may only read (a repository's hooks and config)
     * @param shown      directories shown in place of others, writable: where → what is shown there (an agent's
     *                   home of its own in place of the person's, the person's entries in it bound read-only)
     * @param detached   whether it outlives the process that starts it (an agent, which outlives the server's
     *                   launcher shell as it does the server); a check dies with its parent
     */
    record Rules(Path workdir, List<Path> writable, List<Path> readable, Path privateTmp, boolean network,
                 List<Path> sealed, Map<Path, Path> shown, boolean detached) {
        public Rules {
            shown = Map.copyOf(shown);
            writable = List.copyOf(writable);
            readable = List.copyOf(readable);
            sealed = List.copyOf(sealed);
        }

        /** These rules with {@code path} sealed too, when it exists (a bind needs its source). */
        public Rules sealing(Path path) {
            if (!java.nio.file.Files.exists(path)) {
                return this;
            }
            List<Path> more = new java.util.ArrayList<>(sealed);
            more.add(path);
            return new Rules(workdir, writable, readable, privateTmp, network, more, shown, detached);
        }

        /** A check's: nothing sealed, dies with its parent. */
        public Rules(Path workdir, List<Path> writable, List<Path> readable, Path privateTmp, boolean network) {
            this(workdir, writable, readable, privateTmp, network, List.of(), Map.of(), false);
        }
    }

    /** "bubblewrap", or "none". */
    String name();

    /** Why nothing confines processes here, or empty when {@link #wrap} does. */
    Optional<String> unavailable();

    /** Whether it can show one directory in place of another ({@link Rules#shown}); Seatbelt cannot. */
    default boolean showsInPlace() {
        return true;
    }

    /** The argument vector that runs {@code argv} under {@code rules}: {@code argv} itself when there is no sandbox. */
    List<String> wrap(List<String> argv, Rules rules);

    /** No confinement, for the reason given (the config turned it off, or a test needs none). */
    static Sandbox none(String why) {
        return new NoSandbox(why);
    }

    /** Bubblewrap when it is installed and can make its namespaces here; otherwise none, saying why. */
    static Sandbox forThisSystem() {
        return Bubblewrap.probe();
    }
}
