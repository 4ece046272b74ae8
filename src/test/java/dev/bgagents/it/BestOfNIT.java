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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Best of N: one task, three providers at once in three worktrees, each checked; the group's one
 * summary ranks them and names the one that verified; merging the group merges it and removes
 * the others, except the one asked to be kept.
 */
class BestOfNIT {
    private static final String CHECK = "\"verify\": {\"state\": [\"sh\", \"-c\", "
            + "\"grep -q fixed state.txt || { echo state is $(cat state.txt); exit 1; }\"]}";

    @Test
    @SuppressWarnings("unchecked")
    void threeAttemptsOfWhichOneVerifiesAndTheWinnerIsMerged(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECK)) {
            h.withProviders(Map.of("alt", Map.of("command", List.of("bash", ServerHarness.STANDIN.toString()),
                    "output", "text", "env", Map.of("STANDIN_CONTENT", "fixed"))));
            // the base passes the check, so an attempt that breaks it is the one its failure is judged against
            Files.writeString(dir.resolve("state.txt"), "fixed once\n");
            h.git("add", "state.txt");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "state");
            h.start();
            McpSchema.CallToolResult r = h.call("spawn_agent", Map.of("prompt", "write state.txt CONTENT:broken",
                    "attempts", List.of("claude", "alt", "nosession"), "verify", "state"));
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            String group = (String) structured(r).get("group");
            assertTrue(group.startsWith("best-"), text(r));
            List<Map<String, Object>> jobs = (List<Map<String, Object>>) structured(r).get("jobs");
            assertEquals(3, jobs.size());
            String claude = (String) jobs.get(0).get("job_id");
            String alt = (String) jobs.get(1).get("job_id");
            String failing = (String) jobs.get(2).get("job_id");

            Map<String, Object> waited = structured(h.call("job_status", Map.of("job_ids", List.of(group), "wait", "all")));
            List<Map<String, Object>> ended = (List<Map<String, Object>>) waited.get("jobs");
            assertEquals(3, ended.size(), "the group stands for its attempts: " + waited);
            assertEquals(true, waited.get("condition_met"));

            McpSchema.CallToolResult summary = h.call("read_summary", Map.of("job_id", group));
            String md = text(summary);
            assertEquals(alt, structured(summary).get("winner"), md);
            assertTrue(md.contains("winner " + alt + " (alt, verified)"), md);
            List<String> lines = md.lines().filter(l -> l.matches("\\d\\. .*")).toList();
            assertEquals(3, lines.size(), md);
            assertTrue(lines.get(0).startsWith("1. " + alt + " succeeded · verified"), md);
            assertTrue(lines.get(1).startsWith("2. " + claude + " failed · check exit 1"), md);
            assertTrue(lines.get(2).startsWith("3. " + failing + " failed"), md);
            assertTrue(md.contains("merge_worktree {job_id: \"" + group + "\"}"), md);
            assertTrue(md.length() <= 1500, md.length() + " chars");

            McpSchema.CallToolResult merged = h.call("merge_worktree", Map.of("job_id", group, "keep", List.of(claude)));
            assertFalse(Boolean.TRUE.equals(merged.isError()), text(merged));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("fixed", Files.readString(dir.resolve("state.txt")).strip(), "the winner's work is in main");
            String branches = h.git("branch", "--format=%(refname:short)");
            assertTrue(branches.contains("bg/" + claude), "kept as asked: " + branches);
            assertFalse(branches.contains("bg/" + failing), "the other attempt's branch is removed: " + branches);
            assertFalse(branches.contains("bg/" + alt), "the winner's branch is merged and removed: " + branches);
            assertTrue(text(merged).contains("kept: bg/" + claude), text(merged));
            assertTrue(text(merged).contains("bg/" + failing + " (no commits)"), text(merged));
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void badAttemptsAreRefusedAndNothingIsCreated(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECK).start()) {
            for (Map<String, Object> bad : List.of(
                    Map.<String, Object>of("attempts", List.of("claude")),
                    Map.<String, Object>of("attempts", List.of("claude", "claude"), "provider", "claude"),
                    Map.<String, Object>of("attempts", List.of("claude", "nosuchcli")),
                    Map.<String, Object>of("attempts", List.of("claude", "claude"), "worktree", false),
                    Map.<String, Object>of("attempts", List.of("claude", "claude"), "verify", "rm -rf /"))) {
                Map<String, Object> args = new java.util.HashMap<>(bad);
                args.put("prompt", "write x.txt");
                McpSchema.CallToolResult r = h.call("spawn_agent", args);
                assertTrue(Boolean.TRUE.equals(r.isError()), bad + " was accepted: " + text(r));
                assertEquals(1, text(r).lines().count(), "one line: " + text(r));
            }
            assertEquals("main", h.git("branch", "--format=%(refname:short)").strip(), "no branch was left");
            assertTrue(Boolean.TRUE.equals(h.call("merge_worktree", Map.of("job_id", "best-000000")).isError()));
        }
    }
}
