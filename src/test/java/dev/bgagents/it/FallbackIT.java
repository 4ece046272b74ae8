package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Fallback chains with the stand-in agent: claude's stand-in rate limited as real claude is,
 * falling back to "backup" (a custom provider running the stand-in unlimited). The host only
 * ever names the first job.
 */
class FallbackIT {
    static final Map<String, Object> BACKUP = Map.of("backup", Map.of("command",
            List.of("bash", ServerHarness.STANDIN.toString()), "output", "jsonl",
            "env", Map.of("STANDIN_NOT_LIMITED", "1")));

    @Test
    void aRateLimitedJobFallsBackAndTheFirstIdGivesTheResultAndMergesIt(@TempDir Path project) throws Exception {
        try (ServerHarness h = new ServerHarness(project, "").withProviders(BACKUP).start()) {
            var spawned = h.call("spawn_agent", Map.of("prompt", "MODE:ratelimited write kept.txt",
                    "fallback", List.of("backup")));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            assertTrue(text(spawned).contains("falls back to backup"), text(spawned));
            String first = (String) structured(spawned).get("job_id");

            Map<String, Object> now = h.awaitEnd(first);
            assertEquals("succeeded", now.get("status"), now.toString());
            String kept = (String) now.get("job_id");
            assertTrue(kept.startsWith("backup-"), kept);
            assertEquals(first, now.get("fallback_of"));
            String status = text(h.call("job_status", Map.of("job_ids", List.of(first))));
            assertTrue(status.contains(kept) && status.contains("fallback of " + first), status);

            String md = text(h.call("read_summary", Map.of("job_id", first)));
            assertTrue(md.startsWith("Fallback: " + first + " (claude) failed: rate limited (HTTP 429)"), md);
            assertTrue(md.contains("→ " + kept + " (backup) succeeded. Kept " + kept), md);
            assertTrue(md.contains("Done: wrote kept.txt."), md);

            var merged = h.call("merge_worktree", Map.of("job_id", first));
            assertFalse(Boolean.TRUE.equals(merged.isError()), text(merged));
            assertEquals("hello\n", Files.readString(project.resolve("kept.txt")));
            System.out.println("FALLBACK-IT\n" + text(spawned) + "\n---\n" + status + "\n---\n" + md + "\n---\n"
                    + text(merged));
            // the rate-limited attempt did nothing: its worktree and branch are gone
            assertEquals("", h.git("branch", "--list", "bg/" + first).strip());
            assertFalse(Files.exists(h.worktree(first)));
            assertTrue(Files.readString(h.jobDir(kept).resolve("job.json")).contains("\"fallback_of\" : \"" + first + "\""));
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void theNextAttemptIsCheckedAsTheFirstWouldHaveBeen(@TempDir Path project) throws Exception {
        String check = "\"verify\": {\"state\": [\"sh\", \"-c\", \"grep -q fixed state.txt\"]}";
        try (ServerHarness h = new ServerHarness(project, check).withProviders(BACKUP).start()) {
            String first = h.spawn("MODE:ratelimited write state.txt CONTENT:fixed", Map.of("fallback",
                    List.of("backup"), "worktree", true, "verify", "state"));
            Map<String, Object> now = h.awaitEnd(first);
            assertEquals("succeeded", now.get("status"), now.toString());
            assertTrue(((String) now.get("job_id")).startsWith("backup-"), now.toString());
            assertEquals(true, now.get("verified"), "the backup's work passed the same check: " + now);
            String md = text(h.call("read_summary", Map.of("job_id", first)));
            assertTrue(md.contains("Verified: `sh -c grep -q fixed state.txt` passed"), md);
        }
    }

    /**
     * The red team's case: max_tokens 2500; opencode spends 2 × 1,100 tokens, then is rate limited;
     * claude's stand-in would spend 10 × 1,100 (unstopped it succeeds after 3 s). Both report usage
     * as they run, as the real CLIs do (a custom provider reports none).
     */
    @Test
    void aFallbackKeepsTheBudgetAndWhatTheChainSpentCountsTowardIt(@TempDir Path project) throws Exception {
        Map<String, Object> limitedOpencode = Map.of("opencode", Map.of("command", List.of("bash",
                ServerHarness.STANDIN.resolveSibling("opencode-ratelimited.sh").toString())));
        try (ServerHarness h = new ServerHarness(project, "").withProviders(limitedOpencode).start()) {
            String first = h.spawn("MODE:spend=10", Map.of("provider", "opencode", "fallback", List.of("claude"),
                    "max_tokens", 2500));

            Map<String, Object> now = h.awaitEnd(first);
            String kept = (String) now.get("job_id");
            assertTrue(kept.startsWith("claude-"), now.toString());
            assertEquals("failed", now.get("status"), "the budget stops the fallback: " + now);
            String reason = String.valueOf(now.get("last_activity"));
            var reached = java.util.regex.Pattern.compile("^over budget: max_tokens 2500, reached (\\d+) \\(with what "
                    + "the attempts it fell back from spent\\)").matcher(reason);
            assertTrue(reached.find(), reason);
            JsonNode spec = new ObjectMapper().readTree(h.jobDir(kept).resolve("job.json").toFile()).path("spec");
            assertEquals(2500, spec.path("budget").path("max_tokens").asLong(), spec.toString());
            JsonNode before = spec.path("spent_before");
            assertEquals(2200, before.path("input_tokens").asLong() + before.path("output_tokens").asLong(), spec.toString());
            // alone it would have gone on past 2500 (to 3,300): stopped with the chain past it, its own share was less
            long ownAtStop = Long.parseLong(reached.group(1)) - 2200;
            assertTrue(ownAtStop > 0 && ownAtStop < 2500, "the fallback's own tokens when stopped: " + ownAtStop);
            assertEquals(List.of(), h.survivors());
            System.out.println("FALLBACK-BUDGET " + first + " -> " + kept + ": " + reason);
        }
    }

    @Test
    void anAttemptThatLeftWorkKeepsItsWorktreeAndBranch(@TempDir Path project) throws Exception {
        try (ServerHarness h = new ServerHarness(project, "").withProviders(BACKUP).start()) {
            String first = h.spawn("MODE:ratelimited LEFTOVER:partial.txt write kept.txt",
                    Map.of("fallback", List.of("backup"), "worktree", true));

            Map<String, Object> now = h.awaitEnd(first);
            assertEquals("succeeded", now.get("status"));
            assertNotEquals(first, now.get("job_id"));
            assertEquals("partial\n", h.git("show", "bg/" + first + ":partial.txt"), "its work stays on its branch");
            assertTrue(Files.isRegularFile(h.worktree(first).resolve("partial.txt")));
        }
    }

    @Test
    void aJobThatFailsOnItsMeritsDoesNotFallBack(@TempDir Path project) throws Exception {
        try (ServerHarness h = new ServerHarness(project, "").withProviders(BACKUP).start()) {
            String id = h.spawn("MODE:crash", Map.of("fallback", List.of("backup"), "worktree", true));

            Map<String, Object> now = h.awaitEnd(id);
            assertEquals(id, now.get("job_id"));
            assertEquals("failed", now.get("status"));
            assertNull(now.get("fallback_of"));
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertFalse(md.contains("Fallback"), md);
            String all = text(h.call("job_status", Map.of()));
            assertFalse(all.contains("backup-"), "nothing ran on backup: " + all);
            try (var jobs = Files.list(project.resolve(".context/jobs"))) {
                assertEquals(List.of(id), jobs.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                        .filter(n -> Files.isDirectory(project.resolve(".context/jobs").resolve(n))).toList());
            }
        }
    }

    @Test
    void aFallbackThatCannotRunIsRefusedAndNothingIsMade(@TempDir Path project) throws Exception {
        try (ServerHarness h = new ServerHarness(project, "").withProviders(BACKUP).start()) {
            for (String bad : List.of("nosuchcli", "nosuchprovider")) {
                var r = h.call("spawn_agent", Map.of("prompt", "write a.txt", "fallback", List.of("backup", bad)));
                assertTrue(Boolean.TRUE.equals(r.isError()), text(r));
                assertTrue(text(r).startsWith("fallback \"" + bad + "\": "), text(r));
                assertEquals(1, text(r).lines().count(), text(r));
            }
            assertFalse(Files.exists(project.resolve(".context/jobs")) && hasJobs(project.resolve(".context/jobs")));
            assertEquals("", h.git("branch", "--list", "bg/*").strip());
        }
    }

    /** bg-agents.json's fallback applies to a spawn that names none; a dependent waits on the chain and builds on it. */
    @Test
    void theConfigsChainAppliesAndADependentBuildsOnTheKeptWork(@TempDir Path project) throws Exception {
        try (ServerHarness h = new ServerHarness(project, "\"fallback\": [\"backup\"]").withProviders(BACKUP).start()) {
            String first = h.spawn("MODE:ratelimited write base.txt", Map.of("worktree", true));
            String dependent = h.spawn("REQUIRE:base.txt write next.txt", Map.of("worktree", true,
                    "depends_on", List.of(first)));

            Map<String, Object> after = h.awaitEnd(dependent);
            assertEquals("succeeded", after.get("status"), text(h.call("read_summary", Map.of("job_id", dependent))));
            assertEquals("succeeded", h.awaitEnd(first).get("status"));
            assertTrue(((String) h.awaitEnd(first).get("job_id")).startsWith("backup-"));
        }
    }

    /** A plan task whose job falls back: its task follows the kept job, and the next wave builds on that. */
    @Test
    @SuppressWarnings("unchecked")
    void aPlanTaskThatFallsBackKeepsItsDependentsWaitingOnTheChain(@TempDir Path project) throws Exception {
        String plan = """
                # Layers

                ## Tasks

                1. **Base file**: MODE:ratelimited write base.txt
                   Provider: claude
                2. **Second layer**: REQUIRE:base.txt write layer.txt
                   Depends on: 1
                   Provider: claude
                """;
        try (ServerHarness h = new ServerHarness(project, "\"fallback\": [\"backup\"]").withProviders(BACKUP).start()) {
            String session = (String) structured(h.call("decompose_plan", Map.of("plan", plan))).get("session");
            var spawned = h.call("spawn_agent", Map.of("session", session));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            List<String> ids = ((List<Map<String, Object>>) structured(spawned).get("jobs")).stream()
                    .map(j -> (String) j.get("job_id")).toList();

            for (String id : ids) {
                assertEquals("succeeded", h.awaitEnd(id).get("status"), text(h.call("read_summary", Map.of("job_id", id))));
            }
            String kept = (String) h.awaitEnd(ids.get(0)).get("job_id");
            assertTrue(kept.startsWith("backup-"), kept);
            var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    project.resolve(".context/impl").resolve(session).resolve("status.json").toFile());
            assertEquals(kept, status.get("tasks").get(0).get("job_id").asText(), status.toString());
            assertEquals("succeeded", status.get("tasks").get(0).get("status").asText(), status.toString());
        }
    }

    private static boolean hasJobs(Path jobs) throws Exception {
        try (var s = Files.list(jobs)) {
            return s.anyMatch(Files::isDirectory);
        }
    }
}
