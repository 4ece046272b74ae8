package dev.bgagents.it;

import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** The real codex CLI through the server, against a mock OpenAI Responses API. */
class CodexE2EIT {

    @BeforeAll
    static void installed() {
        E2E.requireInstalled("codex");
    }

    @Test
    void codexWritesAFileAndItsSessionCanBeResumed(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ResponsesMock mock = new ResponsesMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), "codex", null, mock.baseUrl(), null)) {
            mock.scenario(new Scenario.WriteFile("hello.txt", "hello from mock", "Done: created hello.txt."));
            String id = h.spawn("Create hello.txt", Map.of("provider", "codex"));
            Map<String, Object> job = h.awaitEnd(id);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertEquals("succeeded", job.get("status"), md);
            assertEquals("hello from mock\n", Files.readString(project.resolve("hello.txt")));
            assertTrue(md.contains("Done: created hello.txt."), md);
            assertTrue(md.contains("hello.txt"), md);
            assertNotNull(job.get("session_id"));

            // resume: a new job in the same session; the model sees the earlier turns
            mock.scenario(new Scenario.Text("Resumed: I remember hello.txt."));
            int before = mock.requests().size();
            var resumed = h.call("resume_session", Map.of("job_id", id, "prompt", "What file did you create?"));
            assertFalse(Boolean.TRUE.equals(resumed.isError()), text(resumed));
            String id2 = (String) ServerHarness.structured(resumed).get("job_id");
            Map<String, Object> job2 = h.awaitEnd(id2);
            String md2 = text(h.call("read_summary", Map.of("job_id", id2)));
            assertEquals("succeeded", job2.get("status"), md2);
            assertTrue(md2.contains("Resumed: I remember hello.txt."), md2);
            String seen = mock.requests().subList(before, mock.requests().size()).toString();
            assertTrue(seen.contains("Create hello.txt"), "the model should see the first prompt again");
            assertTrue(seen.contains("What file did you create?"));
        }
    }
}
