package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
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
 * merge_worktree {resolve: true} over stdio with the stand-in claude: a job and main changed the
 * same line; the server brings the conflict into the job's worktree, the stand-in (resuming the
 * job's session) resolves it as its task's RESOLVE: word says, and the merge lands — or, out of
 * rounds, is refused with the branch as it was.
 */
class ConflictRoundsIT {

    /** A job that rewrote a.txt, and main that rewrote it too since: the job's id. */
    private static String conflicted(ServerHarness h, String resolveWord) throws Exception {
        Files.writeString(h.project.resolve("a.txt"), "one\n");
        h.git("add", "a.txt");
        h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "Add a");
        String id = h.spawn("write a.txt CONTENT:job " + resolveWord, Map.of("worktree", true));
        assertEquals("succeeded", h.awaitEnd(id).get("status"));
        Files.writeString(h.project.resolve("a.txt"), "main\n");
        h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qam", "Say main in a");
        return id;
    }

    private static McpSchema.CallToolResult merge(ServerHarness h, String id, Map<String, Object> more) {
        Map<String, Object> args = new java.util.HashMap<>(more);
        args.put("job_id", id);
        return h.call("merge_worktree", args);
    }

    @Test
    void theAuthorResolvesTheConflictInItsWorktreeAndTheMergeLands(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = conflicted(h, "RESOLVE:both");
            String head = h.git("rev-parse", "HEAD");
            McpSchema.CallToolResult r = merge(h, id, Map.of("resolve", true));
            assertNotEquals(Boolean.TRUE, r.isError(), text(r));
            Map<String, Object> out = structured(r);
            String round = (String) out.get("resolving");
            assertNotNull(round, text(r));
            assertEquals(false, out.get("merged"));
            assertEquals(List.of("a.txt"), out.get("conflicts"));
            assertTrue(text(r).contains("job_status"), "the answer says to wait: " + text(r));
            assertEquals(head, h.git("rev-parse", "HEAD"), "nothing merged in the checkout yet");

            assertEquals("succeeded", h.awaitEnd(round).get("status"));
            assertEquals("job\nmain\n", h.git("show", "main:a.txt"), "both sides kept, merged into main");
            assertEquals("job\nmain\n", Files.readString(h.project.resolve("a.txt")));
            assertEquals("", h.git("status", "--porcelain", "--untracked-files=no"));
            String summary = text(h.call("read_summary", Map.of("job_id", round)));
            assertTrue(summary.contains("into main as") && summary.contains("after 1 of 3 conflict rounds"), summary);
            assertTrue(text(merge(h, id, Map.of())).contains("already merged"));
        }
    }

    @Test
    void markersEveryRoundEndInARefusalWithTheBranchAsItWas(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "\"merge\": {\"rounds\": 2}").start()) {
            String id = conflicted(h, "RESOLVE:markers");
            String branch = "bg/" + id;
            String before = h.git("rev-parse", branch);
            String main = h.git("rev-parse", "main");
            String round = (String) structured(merge(h, id, Map.of("resolve", true))).get("resolving");
            Map<String, Object> end = h.awaitEnd(round);
            assertEquals("failed", end.get("status"));
            String summary = text(h.call("read_summary", Map.of("job_id", round)));
            assertTrue(summary.contains("Not merged into main after 2 of 2 conflict rounds"), summary);
            assertTrue(summary.contains("conflict markers left in a.txt"), summary);
            assertEquals(before, h.git("rev-parse", branch), "the job's branch is as it was");
            assertEquals(main, h.git("rev-parse", "main"), "nothing merged");
            assertTrue(Files.isDirectory(h.worktree(id)), "the worktree is kept");
        }
    }

    @Test
    void withoutResolveTheRefusalSaysResolveCanHelp(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = conflicted(h, "");
            McpSchema.CallToolResult r = merge(h, id, Map.of());
            assertTrue(text(r).contains("resolve: true"), text(r));
            assertNull(structured(r).get("resolving"));
            assertEquals(false, structured(r).get("merged"));
        }
    }
}
