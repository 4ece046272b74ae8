package dev.bgagents.orchestration.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers events on threads of their own, so no job and no tool answer waits on a sink: offering
 * an event only queues it. Bounded: two threads, each attempt bounded by its sink, at most
 * {@link #MAX_EVENTS} events held in memory (more stay in the outbox for the next start). A sink
 * that may succeed later is tried again after 1, 2, 4, 8 and 16 s ({@link #MAX_ATTEMPTS} in all);
 * then given up, and why is marked in the outbox. Retries still waiting when the server stops are
 * not marked: the next server to start delivers them.
 */
final class Deliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    static final int MAX_ATTEMPTS = 6;
    static final int MAX_EVENTS = 256;

    private final Outbox outbox;
    private final List<Subscribed> sinks;
    private final Duration firstRetry;
    private final ScheduledThreadPoolExecutor pool;
    private final AtomicInteger held = new AtomicInteger();

    /** A sink and the event types it takes. */
    record Subscribed(Sink sink, Set<String> events) {
    }

    Deliveries(Outbox outbox, List<Subscribed> sinks, Duration firstRetry) {
        this.outbox = outbox;
        this.sinks = List.copyOf(sinks);
        this.firstRetry = firstRetry;
        this.pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "bg-notify");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    List<String> sinkNames() {
        return sinks.stream().map(s -> s.sink().name()).toList();
    }

    /** Queues {@code e} for each sink that takes it and is not done with it yet; returns at once. */
    void offer(NotifyEvent e) {
        List<Sink> todo = waiting(e);
        if (todo.isEmpty()) {
            return;
        }
        if (held.incrementAndGet() > MAX_EVENTS) {
            held.decrementAndGet();
            LOG.warn("notify: {} events already waiting; {} stays in {} for the next start", MAX_EVENTS, e.id(), outbox.dir());
            return;
        }
        // after the claim, what a twin finished meanwhile is done
        todo = outbox.claim(e.id()) ? waiting(e) : List.of();
        if (todo.isEmpty()) {
            held.decrementAndGet();
            return;
        }
        AtomicInteger left = new AtomicInteger(todo.size());
        try {
            todo.forEach(s -> pool.execute(() -> attempt(e, s, 1, left)));
        } catch (RejectedExecutionException closing) {
            LOG.debug("notify: closing; {} left for the next start", e.id());
        }
    }

    private List<Sink> waiting(NotifyEvent e) {
        return sinks.stream().filter(s -> s.events().contains(e.type()) && !outbox.done(e.id(), s.sink().name()))
                .map(Subscribed::sink).toList();
    }

    private void attempt(NotifyEvent e, Sink sink, int n, AtomicInteger left) {
        Sink.Attempt a;
        try {
            a = sink.deliver(e);
        } catch (RuntimeException ex) {
            a = Sink.Attempt.giveUp(ex.toString());
        }
        if (a.retry() && n < MAX_ATTEMPTS) {
            long delay = firstRetry.toMillis() << (n - 1);
            LOG.info("notify: {} to {} failed ({}), attempt {} in {} ms", e.id(), sink.name(), a.said(), n + 1, delay);
            try {
                pool.schedule(() -> attempt(e, sink, n + 1, left), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                LOG.info("notify: closing; {} to {} is left for the next start", e.id(), sink.name());
            }
            return;
        }
        String how = a.delivered() ? "delivered: " + a.said() : "gave up after " + n + " attempt" + (n == 1 ? "" : "s") + ": " + a.said();
        outbox.markDone(e.id(), sink.name(), how);
        if (a.delivered()) {
            LOG.info("notify: {} to {}: {}", e.id(), sink.name(), how);
        } else {
            LOG.warn("notify: {} to {}: {}", e.id(), sink.name(), how);
        }
        if (left.decrementAndGet() == 0) {
            outbox.release(e.id());
            held.decrementAndGet();
        }
    }

    /** Lets the attempts under way finish (a few seconds at most); waiting retries stay for the next start. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what still hangs is the next server's to deliver: a lock held on would keep a twin in this process out
        outbox.releaseAll();
    }
}
