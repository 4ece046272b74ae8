package dev.bgagents.orchestration.bootstrap;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A short command of the server's own around a worktree — cp making a dependency folder, the
 * project's teardown — run to its end within a time limit, or stopped with what it started.
 */
final class Commands {
    private Commands() {
    }

    /** Runs {@code how} to its end within {@code limit} (sooner once {@code stopped}); null when it exited 0, else what went wrong. */
    static String run(ProcessBuilder how, Duration limit, BooleanSupplier stopped) throws IOException {
        Process p = how.start();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (stopped.getAsBoolean() || System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return stopped.getAsBoolean() ? "stopped" : "timed out";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return "interrupted";
        }
        return p.exitValue() == 0 ? null : "`" + how.command().get(0) + "` exited " + p.exitValue();
    }
}
