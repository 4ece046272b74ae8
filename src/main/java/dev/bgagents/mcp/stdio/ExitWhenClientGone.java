package dev.bgagents.mcp.stdio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the server once its client has gone (stdin closed). Jobs run detached and are found again
 * by the next server, so nothing may keep this process alive — an SDK thread that does not wind
 * down, say; the shutdown gets a few seconds to finish by itself first.
 */
public final class ExitWhenClientGone implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWhenClientGone.class);
    /** Time for the shutdown to finish by itself once the client has gone. */
    static final long GRACE_MS = 3_000;

    private final Runnable exit;
    private final long graceMs;

    public ExitWhenClientGone() {
        this(() -> System.exit(0), GRACE_MS);
    }

    ExitWhenClientGone(Runnable exit, long graceMs) {
        this.exit = exit;
        this.graceMs = graceMs;
    }

    @Override
    public void run() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(graceMs);
            } catch (InterruptedException ignored) {
                // exit now
            }
            LOG.info("the client has gone; exiting");
            exit.run();
        }, "bg-exit");
        t.setDaemon(true);
        t.start();
    }
}
