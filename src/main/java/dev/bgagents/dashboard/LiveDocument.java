package dev.bgagents.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's document as last read, and a version that moves on only when it changed: each
 * open page is sent a document once, when it is new to it.
 */
final class LiveDocument {
    /** Also how soon a page that went away is noticed: the second write after it closed fails. */
    private static final long HEARTBEAT_MS = 2_000;

    private final Object versions = new Object();
    private String current = "{}";
    private long version;

    /** The document as read now: a new version, and the streams waiting wake, when it differs. */
    void update(String now) {
        synchronized (versions) {
            if (!now.equals(current)) {
                current = now;
                version++;
                versions.notifyAll();
            }
        }
    }

    String current() {
        synchronized (versions) {
            return current;
        }
    }

    /**
     * Server-sent events, until the page goes or the thread is interrupted: the document now, then
     * each new one, and a comment now and then to keep it open.
     */
    void stream(OutputStream out) {
        long sent = -1;
        long lastWrite = System.currentTimeMillis();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String doc;
                long v;
                synchronized (versions) {
                    if (version == sent) {
                        versions.wait(HEARTBEAT_MS);
                    }
                    doc = current;
                    v = version;
                }
                if (v != sent) {
                    out.write(("data: " + doc + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent = v;
                    lastWrite = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastWrite >= HEARTBEAT_MS) {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the page was closed
        }
    }
}
