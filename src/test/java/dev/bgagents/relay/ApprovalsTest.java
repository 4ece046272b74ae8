package dev.bgagents.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class ApprovalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ClaudeWire.ToolAsk bash(String command) throws Exception {
        return new ClaudeWire.ToolAsk("req-1", "Bash", JSON.readTree(JSON.writeValueAsString(java.util.Map.of(
                "command", command))));
    }

    @Test
    void aPersonsAllowRunsTheToolAsAsked(@TempDir Path dir) throws Exception {
        ChannelDir channel = ChannelDir.of(dir);
        channel.create();
        Approvals approvals = new Approvals(channel, Duration.ofSeconds(30), true, Clock.systemUTC());

        var outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return approvals.decide(bash("rm -rf build"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        PersonRequest r = awaitPending(channel);
        assertEquals("Bash: rm -rf build", r.line());
        assertEquals(Duration.ofSeconds(30), Duration.between(r.askedAt(), r.deadline()));
        channel.answer(new Answer(r.id(), Answer.Decision.ALLOW, null, "host", Instant.now()));

        Approvals.Outcome o = outcome.get();
        assertEquals("allow", JSON.readTree(o.reply()).at("/response/response/behavior").asText());
        assertEquals("host", o.answer().by());
    }

    @Test
    void aPersonsDenySaysWhoAndWhy(@TempDir Path dir) throws Exception {
        ChannelDir channel = ChannelDir.of(dir);
        Approvals approvals = new Approvals(channel, Duration.ofSeconds(30), true, Clock.systemUTC());
        var outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return approvals.decide(bash("make deploy"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        PersonRequest r = awaitPending(channel);
        channel.answer(new Answer(r.id(), Answer.Decision.DENY, " use make test ", "dashboard", Instant.now()));

        assertEquals("denied by the person: use make test",
                JSON.readTree(outcome.get().reply()).at("/response/response/message").asText());
    }

    @Test
    void noAnswerByTheDeadlineIsTheRelaysDeny(@TempDir Path dir) throws Exception {
        ChannelDir channel = ChannelDir.of(dir);
        Approvals approvals = new Approvals(channel, Duration.ofSeconds(1), true, Clock.systemUTC());
        long t0 = System.nanoTime();

        Approvals.Outcome o = approvals.decide(bash("curl example.com"));

        assertTrue(System.nanoTime() - t0 >= 1_000_000_000L);
        assertEquals("timeout", o.answer().by());
        assertEquals("no answer within 1 s: denied", JSON.readTree(o.reply()).at("/response/response/message").asText());
        assertEquals(List.of(), channel.pending(), "the deny is on record, so the job no longer waits");
    }

    @Test
    void withoutTheAskProfileNothingIsPutToAPerson(@TempDir Path dir) throws Exception {
        ChannelDir channel = ChannelDir.of(dir);
        Approvals.Outcome o = new Approvals(channel, Duration.ofSeconds(30), false, Clock.systemUTC())
                .decide(bash("ls"));

        assertEquals("deny", JSON.readTree(o.reply()).at("/response/response/behavior").asText());
        assertEquals(List.of(), channel.pending());
    }

    private static PersonRequest awaitPending(ChannelDir channel) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!channel.pending().isEmpty()) {
                return channel.pending().get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no request");
    }
}
