package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The real Claude Code CLI (installed by .ci/run into .tools/) through the real server over
 * stdio, against a mock Anthropic API on 127.0.0.1. Skipped only where the CLI is not
 * installed and the run does not require it: under CI=true a missing CLI is a failure.
 */
class ClaudeE2EIT {
    static final Path CLAUDE = Path.of(".tools/node_modules/.bin/claude").toAbsolutePath();

    @BeforeAll
    static void claudeInstalled() {
        if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("bgagents.e2e.required")) {
            assertTrue(Files.isExecutable(CLAUDE), "claude CLI missing at " + CLAUDE + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(CLAUDE), "claude CLI not installed at " + CLAUDE);
    }

    private static ServerHarness harness(Path project, Path home, AnthropicMock mock) throws Exception {
        Files.createDirectories(home);
        return new ServerHarness(project, "", List.of(CLAUDE.toString()), Map.of(
                "ANTHROPIC_BASE_URL", mock.baseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-mock",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                "CLAUDE_CODE_MAX_RETRIES", "1",
                "CLAUDE_CONFIG_DIR", home.resolve(".claude").toString(),
                "HOME", home.toString()));
    }

    @Test
    void claudeWritesAFileAndTheHostReadsItsSummary(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock mock = new AnthropicMock();
             ServerHarness h = harness(project, dir.resolve("home"), mock).start()) {
            mock.scenario(new Scenario.WriteFile(project.toRealPath().resolve("hello.txt").toString(),
                    "hello from mock\n", "Done: wrote hello.txt."));
            String id = h.spawn("Create hello.txt saying hello.", Map.of());
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"), job.toString());
            assertEquals(0, job.get("exit_code"));
            assertEquals("hello from mock\n", Files.readString(project.resolve("hello.txt")));

            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("Done: wrote hello.txt."), md);
            assertTrue(md.contains("Files written: hello.txt"), md);
            assertTrue(md.contains("Session: " + job.get("session_id")), md);
            // the session id is the one claude sent to the model server
            assertNotNull(job.get("session_id"));
            JsonNode first = mock.requests().get(0);
            assertTrue(first.toString().contains("Create hello.txt saying hello."), "the prompt reached the model");
            assertTrue(mock.requests().size() >= 2, "a tool turn and a final turn");

            mock.scenario(new Scenario.Text("Resumed: I remember hello.txt."));
            int before = mock.requests().size();
            var resumed = h.call("resume_session", Map.of("job_id", id, "prompt", "What file did you create?"));
            String id2 = (String) structured(resumed).get("job_id");
            Map<String, Object> job2 = h.awaitEnd(id2);
            assertEquals("succeeded", job2.get("status"));
            assertEquals(job.get("session_id"), job2.get("session_id"), "claude continues the same session");
            String seen = mock.requests().subList(before, mock.requests().size()).toString();
            assertTrue(seen.contains("Create hello.txt saying hello."), "the model sees the first turn again");
            assertTrue(text(h.call("read_summary", Map.of("job_id", id2))).contains("Resumed: I remember"));

            var unknown = h.call("resume_session", Map.of("job_id", "claude-000000", "prompt", "x"));
            assertTrue(Boolean.TRUE.equals(unknown.isError()));
        }
    }

    @Test
    void anApiErrorEndsAsFailedWithTheHttpStatus(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock mock = new AnthropicMock();
             ServerHarness h = harness(project, dir.resolve("home"), mock).start()) {
            mock.scenario(new Scenario.HttpError(401, "authentication_error", "invalid x-api-key"));
            String id = h.spawn("Say hello.", Map.of());
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("failed", job.get("status"), job.toString());
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("401"), md);
        }
    }

    @Test
    void aLongPromptGoesOnStdinAndReachesTheModelWhole(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock mock = new AnthropicMock();
             ServerHarness h = harness(project, dir.resolve("home"), mock).start()) {
            mock.scenario(new Scenario.Text("Read it all."));
            String prompt = "Summarise this: " + "lorem ipsum ".repeat(20_000) + "THE-END-MARKER";
            String id = h.spawn(prompt, Map.of("permissions", "read-only"));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(mock.requests().stream().anyMatch(r -> r.toString().contains("THE-END-MARKER")));
            assertTrue(structured(h.call("read_summary", Map.of("job_id", id))).get("status").equals("succeeded"));
        }
    }
}
