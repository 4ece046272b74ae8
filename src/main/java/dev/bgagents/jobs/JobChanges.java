package dev.bgagents.jobs;

/**
 * Counts the changes to a store's jobs, so a waiter can tell a change it has not seen from one it
 * has: it reads the count before it looks at the jobs and waits on that count, and a change made
 * between its look and its wait ends the wait at once instead of being slept through.
 */
final class JobChanges {
    private long count;

    synchronized long count() {
        return count;
    }

    synchronized void changed() {
        count++;
        notifyAll();
    }

    synchronized void await(long seen, long deadlineNanos) throws InterruptedException {
        long waitMs;
        while (count == seen && (waitMs = (deadlineNanos - System.nanoTime()) / 1_000_000) > 0) {
            wait(waitMs);
        }
    }
}
