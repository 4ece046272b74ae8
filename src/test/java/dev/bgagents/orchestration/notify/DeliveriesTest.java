package dev.bgagents.orchestration.notify;

import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deliveries over a real outbox with sinks that answer as told: retries, give-ups, which sink gets what. */
class DeliveriesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** A sink answering {@code answers} in turn (then delivered): ok, retry, giveup or throw. */
    static final class Scripted implements Sink {
        final String name;
        final Deque<String> answers;
        final AtomicInteger calls = new AtomicInteger();

        Scripted(String name, String... answers) {
            this.name = name;
            this.answers = new ArrayDeque<>(Arrays.asList(answers));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public Optional<String> cannotWorkHere() {
            return Optional.empty();
        }

        @Override
        public Attempt deliver(NotifyEvent event) {
            calls.incrementAndGet();
            String a = answers.isEmpty() ? "ok" : answers.poll();
            return switch (a) {
                case "ok" -> Attempt.delivered("ok");
                case "retry" -> Attempt.retry("HTTP 503");
                case "giveup" -> Attempt.giveUp("HTTP 400");
                default -> throw new IllegalStateException("boom");
            };
        }
    }

    private static NotifyEvent event(String type, String about) {
        return new NotifyEvent(type + "-" + about, type, about, "succeeded", about + " succeeded", "/work/repo", null,
                Instant.now());
    }

    private Outbox outbox(NotifyEvent... events) throws Exception {
        Outbox o = new Outbox(dir.resolve("notify"));
        for (NotifyEvent e : events) {
            o.add(e);
        }
        return o;
    }

    @ParameterizedTest(name = "answers {0}: {1} attempts, marked \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "ok | 1 | delivered: ok",
            "retry retry ok | 3 | delivered: ok",
            "retry retry retry retry retry ok | 6 | delivered: ok",
            "retry retry retry retry retry retry retry | 6 | gave up after 6 attempts: HTTP 503",
            "giveup | 1 | gave up after 1 attempt: HTTP 400",
            "retry giveup | 2 | gave up after 2 attempts: HTTP 400",
            "throw | 1 | gave up after 1 attempt: java.lang.IllegalStateException: boom",
    })
    void aSinkIsTriedUntilItDeliversGivesUpOrRunsOutOfAttemptsAndTheOutboxSaysWhich(String answers, int attempts,
                                                                                     String marker) throws Exception {
        NotifyEvent e = event("job_ended", "claude-aaaaaa");
        Outbox outbox = outbox(e);
        Scripted sink = new Scripted("webhook", answers.split(" "));
        try (Deliveries d = new Deliveries(outbox, List.of(new Deliveries.Subscribed(sink, Set.of("job_ended"))),
                Duration.ofMillis(1))) {
            d.offer(e);
            Path done = dir.resolve("notify/job_ended-claude-aaaaaa.webhook");
            Await.until("the webhook done with it", WAIT, () -> Files.exists(done));
            assertEquals(marker + "\n", Files.readString(done));
            assertEquals(attempts, sink.calls.get(), "attempts made");
            // once every sink is done, the event is given back: this outbox (or a twin) may take it again
            Await.until("the event given back", WAIT, () -> outbox.claim(e.id()));
            outbox.release(e.id());
        }
    }

    @Test
    void eachSinkGetsOnlyTheEventTypesItTakesAndOneAlreadyDoneIsNotAskedAgain() throws Exception {
        NotifyEvent plan = event("plan_ended", "20261201-100000_x");
        NotifyEvent job = event("job_ended", "claude-bbbbbb");
        Outbox outbox = outbox(plan, job);
        outbox.markDone(job.id(), "hook", "delivered: hook exited 0");
        Scripted hook = new Scripted("hook");
        Scripted webhook = new Scripted("webhook");
        try (Deliveries d = new Deliveries(outbox, List.of(new Deliveries.Subscribed(hook, Set.of("job_ended")),
                new Deliveries.Subscribed(webhook, Set.of("job_ended", "plan_ended"))), Duration.ofMillis(1))) {
            d.offer(plan);
            d.offer(job);
            Await.until("the webhook done with both", WAIT, () -> outbox.done(plan.id(), "webhook") && outbox.done(job.id(), "webhook"));
        }
        assertEquals(0, hook.calls.get(), "the hook takes no plan_ended, and had job_ended already");
        assertEquals(2, webhook.calls.get());
        assertFalse(outbox.done(plan.id(), "hook"), "a sink that does not take a type gets no marker for it");
        assertEquals("delivered: hook exited 0\n", Files.readString(dir.resolve("notify/" + job.id() + ".hook")),
                "the earlier marker stands");
    }

    @Test
    void anEventAnotherServerHoldsIsLeftToIt() throws Exception {
        NotifyEvent e = event("job_ended", "claude-cccccc");
        Outbox mine = outbox(e);
        Outbox twins = new Outbox(dir.resolve("notify"));
        assertTrue(twins.claim(e.id()));
        Scripted sink = new Scripted("webhook");
        try (Deliveries d = new Deliveries(mine, List.of(new Deliveries.Subscribed(sink, Set.of("job_ended"))),
                Duration.ofMillis(1))) {
            d.offer(e);
            Await.holds("the twin's event is not delivered here", Duration.ofMillis(300), () -> sink.calls.get() == 0);
        } finally {
            twins.releaseAll();
        }
        assertFalse(mine.done(e.id(), "webhook"));
    }
}
