package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each real agent CLI through the real server over stdio, against mock model servers: a job
 * that writes a file, then resume_session continuing its session — and the model server sees
 * the earlier conversation.
 */
class WriteAndResumeE2EIT {

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "opencode"})
    void aJobWritesAFileAndItsSessionIsResumed(String cli, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), cli, anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            List<? extends dev.bgagents.it.mock.MockModelServer> mocks = List.of(anthropic, responses, gemini);
            // codex's apply_patch takes a path relative to its working directory
            String path = cli.equals("codex") ? "hello.txt" : project.toRealPath().resolve("hello.txt").toString();
            mocks.forEach(m -> m.scenario(new Scenario.WriteFile(path, "hello from mock\n", "Done: wrote hello.txt.")));
            Map<String, Object> args = new HashMap<>(Map.of("provider", cli));
            if (cli.equals("gemini")) {
                args.put("model", "gemini-2.5-pro"); // without -m gemini adds a routing call first
            }
            String id = h.spawn("Create hello.txt saying hello.", args);
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            assertEquals(0, job.get("exit_code"));
            assertEquals("hello from mock\n", Files.readString(project.resolve("hello.txt")));
            assertTrue(md.contains("Done: wrote hello.txt."), md);
            assertTrue(md.contains("Files written: hello.txt"), md);
            assertNotNull(job.get("session_id"), cli + " reported no session id");
            assertTrue(md.contains("Session: " + job.get("session_id")), md);

            mocks.forEach(m -> m.scenario(new Scenario.Text("Resumed: I remember hello.txt.")));
            int before = requests(mocks).size();
            var resumed = h.call("resume_session", Map.of("job_id", id, "prompt", "What file did you create?"));
            assertFalse(Boolean.TRUE.equals(resumed.isError()), text(resumed));
            Map<String, Object> job2 = h.awaitEnd((String) structured(resumed).get("job_id"));
            String md2 = text(h.call("read_summary", Map.of("job_id", job2.get("job_id"))));
            assertEquals("succeeded", job2.get("status"), md2);
            assertTrue(md2.contains("Resumed: I remember hello.txt."), md2);
            assertEquals(job.get("session_id"), job2.get("session_id"), cli + " should continue the same session");
            String seen = requests(mocks).subList(before, requests(mocks).size()).toString();
            assertTrue(seen.contains("Create hello.txt saying hello."), "the model should see the first turn again");
            assertTrue(seen.contains("What file did you create?"));
            assertEquals(List.of(), h.survivors());
        }
    }

    private static List<String> requests(List<? extends dev.bgagents.it.mock.MockModelServer> mocks) {
        List<String> all = new java.util.ArrayList<>();
        mocks.forEach(m -> m.requests().forEach(r -> all.add(r.toString())));
        return all;
    }
}
