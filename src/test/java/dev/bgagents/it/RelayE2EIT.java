package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The real claude through the real server and its job-side relay (an {@code ask} job's), against the mock
 * Anthropic API: a command outside the profile waits for a person (allowed, denied, or denied at the deadline), a message
 * steers a running claude, an interrupt stops its turn, and a server that goes away leaves the relay and claude
 * to finish. The person is played by writing the job's channel, as the server's answerers do.
 */
class RelayE2EIT {
    /** Asks under acceptEdits, where {@code touch} or {@code echo >} in the worktree would not. */
    private static final String OUTSIDE = "python3 -c \"open('approved.txt','w').write('ok')\"";

    @Test
    void anAllowedCommandRunsAndTheJobSucceeds(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            mock.scenario(new Scenario.RunCommand(OUTSIDE, "Done: ran it."));
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            PersonRequest r = awaitRequest(channel);
            assertEquals("Bash", r.tool());
            assertEquals("Bash: " + OUTSIDE, r.line());
            assertTrue(channel.relay().orElseThrow().approvals());
            assertTrue(channel.answer(new Answer(r.id(), Answer.Decision.ALLOW, null, "host", Instant.now())));
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            assertEquals("ok", Files.readString(h.project.resolve("approved.txt")));
            assertTrue(md.contains("Done: ran it."), md);
            assertEquals(List.of(), channel.pending());
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void aDeniedCommandIsToldToTheAgentWhichGoesOn(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            mock.scenario(new Scenario.RunCommand(OUTSIDE, "Done without it."));
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            PersonRequest r = awaitRequest(channel);
            channel.answer(new Answer(r.id(), Answer.Decision.DENY, "use the Makefile instead", "dashboard", Instant.now()));
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"), text(h.call("read_summary", Map.of("job_id", id))));
            assertFalse(Files.exists(h.project.resolve("approved.txt")));
            JsonNode last = lastUserTurn(mock);
            assertTrue(last.toString().contains("denied by the person: use the Makefile instead"), last.toString());
            assertTrue(last.toString().contains("\"is_error\":true"), last.toString());
        }
    }

    @Test
    void noAnswerIsADenyAtTheDeadline(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 3)) {
            mock.scenario(new Scenario.RunCommand(OUTSIDE, "Done without it."));
            long t0 = System.nanoTime();
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            assertTrue(md.contains("no answer within 3 s: denied"), md);
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            Answer a = channel.answerOf(awaitRequest(channel).id()).orElseThrow();
            assertEquals("timeout", a.by());
            assertEquals(Answer.Decision.DENY, a.decision());
            assertTrue((System.nanoTime() - t0) / 1_000_000_000 >= 3);
            assertTrue(Files.readString(h.jobDir(id).resolve("stdout.log")).contains("no answer within 3 s: denied"));
            assertTrue(lastUserTurn(mock).toString().contains("no answer within 3 s: denied"));
        }
    }

    @Test
    void aMessageSteersARunningClaudeWithoutACancel(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            // a command acceptEdits runs unasked, long enough for a message to arrive while it runs
            mock.scenario(new Scenario.RunCommand("sleep 4; echo slept", "Done: ran it."));
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            await(() -> channel.relay().isPresent() && !mock.requests().isEmpty(), "claude's first model call");
            channel.send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE, "STEER: also say banana",
                    "host", Instant.now()));
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"));
            assertEquals(id, job.get("job_id"));
            assertTrue(mock.requests().toString().contains("STEER: also say banana"), "the model never saw the message");
            assertEquals(List.of(), channel.waiting());
        }
    }

    @Test
    void anInterruptStopsTheTurnAndKeepsTheWork(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            mock.scenario(new Scenario.RunCommand("echo kept > kept.txt; sleep 60", "never"));
            long t0 = System.nanoTime();
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            await(() -> Files.exists(h.project.resolve("kept.txt")) || !channel.pending().isEmpty(), "the command");
            for (PersonRequest r : channel.pending()) {
                channel.answer(new Answer(r.id(), Answer.Decision.ALLOW, null, "host", Instant.now()));
            }
            await(() -> Files.exists(h.project.resolve("kept.txt")), "the command to start");
            channel.send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.INTERRUPT, null, "host", Instant.now()));
            Map<String, Object> job = h.awaitEnd(id);
            assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 40, "the sleep was not interrupted");
            assertEquals("kept\n", Files.readString(h.project.resolve("kept.txt")));
            assertTrue(Files.readString(h.jobDir(id).resolve("stdout.log")).contains("error_during_execution"));
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            // as the server's own interrupt ends a job it steers (SteerStep): a person stopped it, nothing failed
            assertEquals("cancelled", job.get("status"), md);
            assertTrue(md.contains("interrupted"), md);
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void anInterruptWithAMessageStopsTheTurnAndGoesOnWithIt(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            mock.scenario(new Scenario.RunCommand("sleep 60", "Done: went on."));
            long t0 = System.nanoTime();
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            await(() -> channel.relay().isPresent() && !mock.requests().isEmpty(), "claude's first model call");
            Thread.sleep(1000); // into the sleep
            channel.send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.INTERRUPT, "AFTER: stop and say done",
                    "host", Instant.now()));
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 40, "the sleep was not interrupted");
            assertTrue(mock.requests().toString().contains("AFTER: stop and say done"), "the model never saw the message");
            assertTrue(md.contains("Done: went on."), md);
        }
    }

    @Test
    void theRelayAndClaudeOutliveTheServer(@TempDir Path dir) throws Exception {
        try (AnthropicMock mock = new AnthropicMock(); ServerHarness h = server(dir, mock, 120)) {
            mock.scenario(new Scenario.RunCommand(OUTSIDE, "Done: ran it."));
            String id = h.spawn("Run the command.", Map.of("provider", "claude", "permissions", "ask"));
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            PersonRequest r = awaitRequest(channel);
            h.killServerHard();
            assertTrue(ServerHarness.running(channel.relay().orElseThrow().pid()), "the relay died with the server");
            channel.answer(new Answer(r.id(), Answer.Decision.ALLOW, null, "dashboard", Instant.now()));
            Path exit = h.jobDir(id).resolve("exit");
            await(() -> Files.exists(exit), "the job's exit record");
            assertEquals("0", Files.readString(exit).strip());
            assertEquals("ok", Files.readString(h.project.resolve("approved.txt")));
            assertTrue(Files.readString(h.jobDir(id).resolve("stdout.log")).contains("\"result\":\"Done: ran it.\""));
        }
    }

    /**
     * An agent that could write its channel could allow its own requests: the sandbox keeps it read-only. The
     * same attacker unconfined ({@code full}) shows that the attempts are real.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"workspace-write,false", "workspace-write,true", "full,false"})
    void aSandboxedAgentCannotWriteItsChannel(String permissions, boolean worktree, @TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path attacker = Path.of("src/test/resources/standins/channel-attacker.sh").toAbsolutePath();
        try (ServerHarness h = new ServerHarness(project, "").withProviders(Map.of("attacker", Map.of(
                "command", List.of("bash", attacker.toString()), "output", "text",
                "env", Map.of("CHANNEL_PROJECT", project.toString())))).start()) {
            String id = h.spawn("attack", Map.of("provider", "attacker", "worktree", worktree,
                    "permissions", permissions));
            ChannelDir ch = ChannelDir.of(h.jobDir(id));
            ch.create(); // made by the launch of a confined agent; a full one's has none
            // as the relay would: a request for the agent to try to answer
            ch.ask(new PersonRequest("req-1", "Bash", "rm -rf /", Instant.now(), Instant.now().plusSeconds(60)));
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            String said = Files.readString(h.jobDir(id).resolve("stdout.log"));
            assertTrue(said.contains("done"), said);
            if (permissions.equals("full")) {
                assertTrue(said.contains("wrote: answer"), said);
                return;
            }
            assertFalse(said.contains("wrote:"), said);
            Path channel = ChannelDir.of(h.jobDir(id)).dir();
            try (var all = Files.walk(channel)) {
                assertEquals(List.of("answers", "delivered", "inbox", "requests", "requests/req-1.json"), all.filter(p -> !p.equals(channel))
                        .map(p -> channel.relativize(p).toString()).sorted().toList());
            }
        }
    }

    private static ServerHarness server(Path dir, AnthropicMock mock, int approvalSeconds) throws Exception {
        E2E.requireInstalled("claude");
        Path project = Files.createDirectories(dir.resolve("project"));
        Map<String, String> env = new HashMap<>(AgentHomes.env(dir.resolve("home"), mock.baseUrl(), null, null));
        // the server gives an ask job approvals.timeout_seconds as BG_AGENTS_APPROVAL_SECONDS, which its relay reads
        return new ServerHarness(project, "\"approvals\": {\"timeout_seconds\": " + approvalSeconds + "}",
                AgentHomes.command("claude"), env).start();
    }

    /** The job's first request to a person, answered or not. */
    private static PersonRequest awaitRequest(ChannelDir channel) throws Exception {
        await(() -> !requestIds(channel).isEmpty(), "a request to a person");
        return channel.request(requestIds(channel).get(0)).orElseThrow();
    }

    private static List<String> requestIds(ChannelDir channel) {
        try (var files = Files.list(channel.requests())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (java.io.IOException notYet) {
            return List.of();
        }
    }

    /** The last user turn the model was sent: where claude puts a tool's result. */
    private static JsonNode lastUserTurn(AnthropicMock mock) {
        List<JsonNode> rs = mock.requests();
        JsonNode messages = rs.get(rs.size() - 1).path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("user")) {
                return messages.get(i);
            }
        }
        throw new AssertionError("no user turn in " + messages);
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long until = System.nanoTime() + 90_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited 90 s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
