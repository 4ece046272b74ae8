package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.MockModelServer;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real agent CLI reviews the stand-in's work, read-only, against a mock model server: the
 * model is sent the server's review prompt (task and diff), its answer's VERDICT line becomes
 * the review's verdict, and merge_worktree require_review follows it. Last, real claude reviews
 * real codex's work: one agent CLI checking another's.
 */
class ReviewE2EIT {

    @ParameterizedTest
    @ValueSource(strings = {"codex", "gemini"})
    void aRealCliReviewsTheStandInsBranchAndItsVerdictGatesTheMerge(String cli, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(cli);
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.harness(project, dir.resolve("home"), cli, anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl())) {
            List<MockModelServer> mocks = List.of(anthropic, responses, gemini);
            String author = h.spawn("write greeting.txt CONTENT:hallo", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(author).get("status"));
            Path wt = h.worktree(author);
            String before = ServerHarness.runGit(wt, "rev-parse", "HEAD") + ServerHarness.runGit(wt, "status",
                    "--porcelain");

            mocks.forEach(m -> m.scenario(new Scenario.Text("- **greeting.txt** says `hallo`, not hello: a typo.\n"
                    + "\nVERDICT: changes")));
            Map<String, Object> args = new HashMap<>(Map.of("review_of", author, "provider", cli));
            if (cli.equals("gemini")) {
                args.put("model", "gemini-2.5-pro"); // without -m gemini adds a routing call first
            }
            var started = h.call("spawn_agent", args);
            assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
            String review = (String) structured(started).get("job_id");
            Map<String, Object> job = h.awaitEnd(review);
            String md = text(h.call("read_summary", Map.of("job_id", review)));
            assertEquals("succeeded", job.get("status"), md);
            assertEquals("changes, 1 finding", job.get("review"), md);
            assertTrue(md.contains("\nVerdict: changes — review of " + author + "\nFindings:\n- greeting.txt says "
                    + "hallo, not hello: a typo.\n"), md);
            String seen = requests(mocks).toString();
            assertTrue(seen.contains("# Review of job " + author), "the model got the review prompt");
            assertTrue(seen.contains("+hallo"), "the model got the diff");

            var refused = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertTrue(text(refused).contains("does not approve (verdict changes, 1 finding)"), text(refused));
            assertEquals(before, ServerHarness.runGit(wt, "rev-parse", "HEAD") + ServerHarness.runGit(wt, "status",
                    "--porcelain"), "the reviewer changed nothing");

            mocks.forEach(m -> m.scenario(new Scenario.Text("Fine as it is.\n\n**VERDICT: approve**")));
            String approval = (String) structured(h.call("spawn_agent", args)).get("job_id");
            assertEquals("approve", h.awaitEnd(approval).get("review"));
            var merged = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("hallo\n", Files.readString(project.resolve("greeting.txt")));
            assertEquals(List.of(), h.survivors());
        }
    }

    @org.junit.jupiter.api.Test
    void realClaudeReviewsRealCodexsWork(@TempDir Path dir) throws Exception {
        E2E.requireInstalled("claude");
        E2E.requireInstalled("codex");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock();
             ServerHarness h = E2E.claudeAndCodex(project, dir.resolve("home"), anthropic.baseUrl(),
                     responses.baseUrl(), gemini.baseUrl()).start()) {
            // codex's apply_patch takes a path relative to its working directory: the job's worktree
            responses.scenario(new Scenario.WriteFile("greeting.txt", "hello\n", "Wrote greeting.txt."));
            String author = h.spawn("Create greeting.txt saying hello.", Map.of("provider", "codex", "worktree", true));
            Map<String, Object> authored = h.awaitEnd(author);
            assertEquals("succeeded", authored.get("status"), text(h.call("read_summary", Map.of("job_id", author))));

            anthropic.scenario(new Scenario.Text("## Findings\n\n- None.\n\nVERDICT: approve"));
            var started = h.call("spawn_agent", Map.of("review_of", author, "provider", "claude"));
            assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
            String review = (String) structured(started).get("job_id");
            Map<String, Object> job = h.awaitEnd(review);
            String md = text(h.call("read_summary", Map.of("job_id", review)));
            assertEquals("succeeded", job.get("status"), md);
            assertEquals("approve", job.get("review"), md);
            assertTrue(anthropic.requests().toString().contains("# Review of job " + author), "claude got the prompt");
            assertTrue(anthropic.requests().toString().contains("+hello"), "and the diff");
            var merged = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("hello\n", Files.readString(project.resolve("greeting.txt")));
            assertEquals(List.of(), h.survivors());
        }
    }

    private static List<String> requests(List<MockModelServer> mocks) {
        List<String> all = new ArrayList<>();
        mocks.forEach(m -> m.requests().forEach(r -> all.add(r.toString())));
        return all;
    }
}
