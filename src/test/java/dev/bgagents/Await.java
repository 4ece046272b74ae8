package dev.bgagents;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests without fixed sleeps: until a condition holds (polled every 20 ms, failing
 * with what was awaited when the limit passes), or that one keeps holding for a while.
 */
public final class Await {
    private static final long POLL_MS = 20;

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        value(what, limit, () -> condition.getAsBoolean(), ok -> ok);
    }

    /** The first value of {@code probe} that {@code done} accepts; fails with the last one seen after {@code limit}. */
    public static <T> T value(String what, Duration limit, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s until " + what + "; last seen: " + last);
            }
            pause();
            last = probe.get();
        }
        return last;
    }

    /** Checks that {@code condition} holds throughout {@code period} (something that must not happen, doesn't). */
    public static void holds(String what, Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer true: " + what);
            }
            pause();
        } while (System.nanoTime() < end);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
