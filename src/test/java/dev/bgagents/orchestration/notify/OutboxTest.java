package dev.bgagents.orchestration.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox on disk: an event recorded once, what is left to deliver at start, who holds an event. */
class OutboxTest {
    private static final Instant NOW = Instant.parse("2026-12-10T10:00:00Z");

    @TempDir
    Path dir;

    private Outbox outbox() {
        return new Outbox(dir.resolve("notify"));
    }

    private static NotifyEvent event(String id, Instant at) {
        return new NotifyEvent(id, "job_ended", "claude-aaaaaa", "succeeded", "claude-aaaaaa succeeded", "/work/repo",
                null, at);
    }

    private static List<String> ids(List<NotifyEvent> events) {
        return events.stream().map(NotifyEvent::id).toList();
    }

    @Test
    void anEventIsRecordedOnceAndASecondWriteOfItsIdChangesNothing() throws Exception {
        Outbox o = outbox();
        NotifyEvent first = event("job_ended-claude-aaaaaa", NOW);
        assertTrue(o.add(first));
        assertFalse(o.add(new NotifyEvent(first.id(), "job_ended", "claude-aaaaaa", "failed", "other", "/x", null, NOW)));
        assertEquals(first.json(), Files.readString(o.eventFile(first.id())));
        try (var s = Files.list(o.dir())) {
            assertEquals(List.of("job_ended-claude-aaaaaa.json"), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    /** {@code markers}: the sinks done with the event ("-": none). */
    @ParameterizedTest(name = "sinks {0}, done {1}: left to deliver {2}")
    @CsvSource({
            "hook webhook, -, true",
            "hook webhook, hook, true",
            "hook webhook, webhook hook, false",
            "hook, desktop, true",     // a sink configured since the event was told gets it at the next start
            "hook, hook desktop, false",
    })
    void atStartAnEventIsLeftToDeliverWhileAConfiguredSinkHasNoMarker(String sinks, String markers, boolean left)
            throws Exception {
        Outbox o = outbox();
        NotifyEvent e = event("job_ended-claude-aaaaaa", NOW.minusSeconds(60));
        o.add(e);
        if (!markers.equals("-")) {
            Arrays.stream(markers.split(" ")).forEach(s -> o.markDone(e.id(), s, "delivered: ok"));
        }
        assertEquals(left ? List.of(e.id()) : List.of(), ids(o.undelivered(List.of(sinks.split(" ")), NOW)));
    }

    @ParameterizedTest(name = "{0} days old: delivered at start {1}")
    @CsvSource({"0, true", "6, true", "8, false", "30, false"})
    void anEventPastAWeekIsForgottenWithItsMarkersAtStart(int days, boolean kept) throws Exception {
        Outbox o = outbox();
        NotifyEvent e = event("job_ended-claude-bbbbbb", NOW.minus(Duration.ofDays(days)));
        o.add(e);
        o.markDone(e.id(), "desktop", "gave up after 1 attempt: notify-send exited 1");
        assertTrue(o.claim(e.id()));
        o.release(e.id());
        assertEquals(kept ? List.of(e.id()) : List.of(), ids(o.undelivered(List.of("webhook"), NOW)));
        try (var s = Files.list(o.dir())) {
            assertEquals(kept ? 3 : 0, s.filter(p -> p.getFileName().toString().startsWith(e.id() + ".")).count(),
                    "the event, its marker and its lock file stay or go together");
        }
    }

    @Test
    void anUnreadableEventIsSkippedAndTheOthersAreStillDelivered() throws Exception {
        Outbox o = outbox();
        o.add(event("job_ended-claude-aaaaaa", NOW));
        Files.writeString(o.dir().resolve("job_ended-claude-broken.json"), "{\"id\": \"job_ended-claude-br");
        o.add(event("job_ended-claude-cccccc", NOW));
        assertEquals(List.of("job_ended-claude-aaaaaa", "job_ended-claude-cccccc"), ids(o.undelivered(List.of("hook"), NOW)));
    }

    @Test
    void nothingOnRecordIsNothingToDeliver() {
        assertEquals(List.of(), outbox().undelivered(List.of("hook"), NOW));
    }

    @Test
    void anEventIsHeldByOneOutboxAtATimeUntilItIsGivenBack() throws Exception {
        Outbox mine = outbox();
        Outbox twin = outbox();
        mine.add(event("job_ended-claude-aaaaaa", NOW));
        assertTrue(mine.claim("job_ended-claude-aaaaaa"));
        assertFalse(mine.claim("job_ended-claude-aaaaaa"), "not twice by the same server");
        assertFalse(twin.claim("job_ended-claude-aaaaaa"), "not by a twin while held");
        mine.release("job_ended-claude-aaaaaa");
        assertTrue(twin.claim("job_ended-claude-aaaaaa"), "free once given back");
        twin.releaseAll();
        assertTrue(mine.claim("job_ended-claude-aaaaaa"), "a closing server gives back what it held");
        mine.releaseAll();
    }

    @Test
    void anEventReadsBackAsItWasWrittenAndItsJsonHasOnlyTheKeysWithAValue() throws Exception {
        NotifyEvent plan = new NotifyEvent("plan_ended-20261201-100000_x-2", "plan_ended", null, "failed",
                "plan ended: 1 of 2 tasks succeeded", "/work/repo", "20261201-100000_x", NOW);
        assertEquals("{\"id\":\"plan_ended-20261201-100000_x-2\",\"type\":\"plan_ended\",\"plan\":\"20261201-100000_x\","
                + "\"status\":\"failed\",\"outcome\":\"plan ended: 1 of 2 tasks succeeded\",\"project\":\"/work/repo\","
                + "\"time\":\"2026-12-10T10:00:00Z\"}", plan.json());
        assertEquals(plan, NotifyEvent.parse(plan.json()));
        NotifyEvent refused = new NotifyEvent("merge_refused-claude-aaaaaa-1", "merge_refused", "claude-aaaaaa", null,
                "refused", "/work/repo", null, NOW);
        assertEquals(refused, NotifyEvent.parse(refused.json()));
        assertFalse(refused.json().contains("status"), refused.json());
    }
}
