package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.MockModelServer;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real agent CLI, run by the real server against its mock model, steered mid-run without a cancel: the
 * model keeps calling the shell tool until a request carries the message; the message is left in the
 * job's inbox (as resume_session on a running job leaves it); the server stops the agent at its next turn
 * boundary and resumes its session with the message. The mock's next request carries the message and the
 * turns before it; the job keeps its id and succeeds with both rounds' work on its branch. Prints the
 * latency from the message sent to the message at the mock.
 */
class SteerE2EIT {
    private static final String MARK = "STEER-e2e-41c9";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"codex", "claude", "opencode", "gemini"})
    void aRunningAgentIsSteeredInItsSessionWithoutACancel(String cli, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("probe.clis", cli).contains(cli),
                "-Dprobe.clis leaves " + cli + " out");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), cli, anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            MockModelServer mock = cli.equals("codex") ? responses : cli.equals("gemini") ? gemini : anthropic;
            mock.scenario(new Scenario.UntilSaid(MARK, new Scenario.KeepRunning("echo turn >> turns.txt; sleep 1"),
                    new Scenario.Text("Steered: stopped appending.")));
            String task = "Append a line to turns.txt, again and again, until told otherwise.";
            Map<String, Object> args = new java.util.HashMap<>(Map.of("provider", cli, "worktree", true,
                    "timeout_minutes", 5));
            if (cli.equals("gemini")) {
                // its shell tool comes with yolo only; a named model spares the router's call
                args.putAll(Map.of("permissions", "full", "model", "gemini-2.5-pro"));
            }
            String id = h.spawn(task, args);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (mock.requests().stream().filter(r -> r.toString().contains("echo turn")).count() < 3) {
                assertTrue(System.nanoTime() < deadline, "no tool calls: " + mock.requests().size() + " requests");
                Thread.sleep(50);
            }
            long sent = System.nanoTime();
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE,
                    MARK + ": stop appending and say so.", "test", Instant.now()));
            long seenMs = -1;
            while (seenMs < 0 && System.nanoTime() - sent < 120_000_000_000L) {
                if (mock.requests().stream().anyMatch(r -> r.toString().contains(MARK))) {
                    seenMs = (System.nanoTime() - sent) / 1_000_000;
                }
                Thread.sleep(10);
            }
            Map<String, Object> end = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            String figure = cli + ": message sent to message at the mock " + seenMs + " ms";
            System.out.println("[steer-e2e] " + figure);
            Files.writeString(Path.of("target", "steer-latency.txt"), figure + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Path captures = Files.createDirectories(Path.of("target", "steer-captures"));
            Files.copy(h.jobDir(id).resolve("stdout.log"), captures.resolve(cli + "-steered.stdout.jsonl"),
                    StandardCopyOption.REPLACE_EXISTING);

            assertTrue(seenMs >= 0, "the message never reached the model: " + end + "\n" + md);
            assertEquals("succeeded", end.get("status"), md);
            assertEquals(id, end.get("job_id"));
            String seen = mock.requests().stream().filter(r -> r.toString().contains(MARK)).findFirst().orElseThrow()
                    .toString();
            assertTrue(seen.contains(task), "the resumed session should carry the task");
            assertTrue(seen.contains("echo turn >> turns.txt"), "the resumed session should carry the earlier turns");
            assertTrue(md.contains("Steered: stopped appending."), md);
            JsonNode record = JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
            String branch = record.path("workspace").path("branch").asText();
            assertTrue(h.git("show", branch + ":turns.txt").contains("turn"), "the first round's work is on the branch");
            assertFalse(md.toLowerCase().contains("failed"), md);
            assertEquals(java.util.List.of(), h.survivors());
        }
    }
}
