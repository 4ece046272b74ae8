package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A branch far bigger than any diff the server shows: an agent commits five 45 MB text files,
 * and the server, under the launcher's 256 MB heap, still reviews it and pages its diff — each
 * clipped, saying so — and keeps answering.
 */
class LargeBranchIT {
    private static final Map<String, Object> PROVIDERS = Map.of(
            // its prompt: how many files, of how many bytes each
            "bulky", Map.of("command", List.of("bash", "-c", "read n size; for i in $(seq $n); do "
                    + "yes \"line $i of a large file the agent generated, long enough to matter\" | head -c $size "
                    + "> big$i.txt; done; echo \"Generated $n large files.\""), "output", "text"),
            "second", Map.of("command", List.of("bash", "-c",
                    "cat > \"$STANDIN_REVIEW.prompt\"; echo 'VERDICT: approve'"), "output", "text"));

    @Test
    void aReviewOfFiveLargeFilesIsStartedOnAClippedDiffAndTheServerKeepsAnswering(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = harness(dir)) {
            String author = authorAndReview(h, "5 45000000");
            String prompt = Files.readString(dir.resolve("review.prompt"));
            assertTrue(prompt.contains("diff --git a/big5.txt b/big5.txt\n(45000000 bytes: too large to show here)\n"),
                    prompt);
            assertTrue(prompt.contains("diff clipped; the whole diff: git -C "), prompt);
            assertTrue(prompt.length() < 60_000, "the prompt stays small: " + prompt.length() + " characters");

            McpSchema.CallToolResult diff = within(90, () -> h.call("read_summary",
                    Map.of("job_id", author, "section", "diff", "max_chars", 2000)));
            assertFalse(Boolean.TRUE.equals(diff.isError()), text(diff));
            assertTrue(text(diff).contains("diff --git a/big1.txt b/big1.txt\n(45000000 bytes: too large to show here)"),
                    text(diff));

            String last = text(within(30, () -> h.call("read_summary", Map.of("job_id", author))));
            assertTrue(last.contains("big5.txt"), "still answering, with the whole diffstat: " + last);
            assertTrue(ServerHarness.running(h.serverPid()), "the server is alive");
        }
    }

    @Test
    void aDiffOfManyFilesEachSmallEnoughToShowIsCutAtItsCapAndNeverHeldWhole(@TempDir Path dir) throws Exception {
        try (ServerHarness h = harness(dir)) {
            // 300 MB of diff, more than the whole heap, in files the diff shows
            String author = authorAndReview(h, "40 7500000");
            String prompt = Files.readString(dir.resolve("review.prompt"));
            assertTrue(prompt.contains("+line 1 of a large file") && prompt.contains("\n… (diff clipped; the whole diff: "
                    + "git -C "), prompt.substring(prompt.length() - 3000));
            assertTrue(prompt.length() < 60_000, "the prompt stays small: " + prompt.length() + " characters");

            String page = text(within(90, () -> h.call("read_summary", Map.of("job_id", author, "section", "diff",
                    "offset", 8 * 1024 * 1024 - 1000, "max_chars", 2000))));
            assertTrue(page.contains("… (diff clipped at 8 MB; the whole diff: git -C "), page);
            assertTrue(ServerHarness.running(h.serverPid()), "the server is alive");
        }
    }

    /** The server under the launcher's heap cap; the reviewer saves its prompt as review.prompt in {@code dir}. */
    private static ServerHarness harness(Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        // the stand-in reviewer saves its prompt outside its worktree, which the agents' sandbox would not let it write
        return new ServerHarness(project, "\"sandbox\": \"off\"", List.of("bash", ServerHarness.STANDIN.toString()),
                Map.of("STANDIN_REVIEW", dir.resolve("review").toString())).withProviders(PROVIDERS).withLauncherHeap()
                .start();
    }

    /** The author's job id, once it and the review spawned on it (answered within 90 s) have succeeded. */
    private static String authorAndReview(ServerHarness h, String filesAndSize) throws Exception {
        String author = h.spawn(filesAndSize, Map.of("provider", "bulky", "worktree", true));
        assertEquals("succeeded", h.awaitEnd(author).get("status"));
        McpSchema.CallToolResult started = within(90, () -> h.call("spawn_agent",
                Map.of("review_of", author, "provider", "second")));
        assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
        String reviewer = (String) structured(started).get("job_id");
        assertNotNull(reviewer, text(started));
        assertEquals("succeeded", h.awaitEnd(reviewer).get("status"));
        return author;
    }

    /** The call's answer, failing the test if it takes longer than {@code seconds}. */
    private static McpSchema.CallToolResult within(int seconds, java.util.function.Supplier<McpSchema.CallToolResult> call)
            throws Exception {
        return CompletableFuture.supplyAsync(call).get(seconds, TimeUnit.SECONDS);
    }
}
