package dev.bgagents.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelDirTest {
    private static final Instant T = Instant.parse("2026-12-05T18:00:00Z");

    @TempDir
    Path jobDir;

    @Test
    void aRequestIsPendingUntilItsFirstAnswerWhichStands() throws Exception {
        ChannelDir c = ChannelDir.of(jobDir);
        c.create();
        c.ask(new PersonRequest("r1", "Bash", "rm -rf build", T, T.plusSeconds(300)));
        c.ask(new PersonRequest("r0", "Write", "/etc/hosts", T.minusSeconds(1), T.plusSeconds(300)));
        assertEquals(List.of("Write: /etc/hosts", "Bash: rm -rf build"), c.pending().stream().map(PersonRequest::line).toList());

        assertTrue(c.answer(new Answer("r1", Answer.Decision.DENY, "not that", "host", T)));
        assertFalse(c.answer(new Answer("r1", Answer.Decision.ALLOW, null, "dashboard", T)), "a second answer is refused");
        assertEquals(Answer.Decision.DENY, c.answerOf("r1").orElseThrow().decision());
        assertEquals("host", c.answerOf("r1").orElseThrow().by());
        assertEquals(List.of("r0"), c.pending().stream().map(PersonRequest::id).toList());
        assertFalse(c.answer(new Answer("never-asked", Answer.Decision.ALLOW, null, "host", T)));
    }

    @Test
    void ofManyAnswerersRacingExactlyOneWins() throws Exception {
        ChannelDir c = ChannelDir.of(jobDir);
        c.ask(new PersonRequest("r", "Bash", "make", T, T.plusSeconds(60)));
        List<Boolean> won = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Answer.Decision d = i % 2 == 0 ? Answer.Decision.ALLOW : Answer.Decision.DENY;
            Thread t = new Thread(() -> {
                try {
                    won.add(c.answer(new Answer("r", d, null, "t", T)));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, won.stream().filter(b -> b).count(), won.toString());
    }

    @Test
    void messagesAreTakenOnceOldestFirst() throws Exception {
        ChannelDir c = ChannelDir.of(jobDir);
        String first = ChannelDir.newId();
        Thread.sleep(2);
        String second = ChannelDir.newId();
        c.send(new InboxMessage(second, InboxMessage.Kind.INTERRUPT, null, "host", T));
        c.send(new InboxMessage(first, InboxMessage.Kind.MESSAGE, "use the v2 API", "host", T));
        assertEquals(2, c.waiting().size());
        assertEquals(Optional.of("use the v2 API"), c.take().map(InboxMessage::text));
        assertEquals(InboxMessage.Kind.INTERRUPT, c.take().orElseThrow().kind());
        assertEquals(Optional.empty(), c.take());
        assertTrue(c.waiting().isEmpty());
    }

    @Test
    void anIdThatCouldNameAnotherFileIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PersonRequest("../../job", "Bash", "x", T, T));
        assertThrows(IllegalArgumentException.class, () -> ChannelDir.of(jobDir).answerOf("a/b"));
    }

    @Test
    void idsMadeInABurstSortInTheOrderTheyWereMade() {
        // two messages sent in the same millisecond are taken in the order they were sent
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(ChannelDir.newId());
        }
        assertEquals(ids, ids.stream().sorted().toList());
    }
}
