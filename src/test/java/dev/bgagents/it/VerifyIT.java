package dev.bgagents.it;

import dev.bgagents.Await;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
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
 * Verified jobs: the project's check runs in the job's worktree when the agent ends; a failure
 * goes back to the agent's own session (its output's tail, not the whole log) as a fix round of
 * the same job; the host waits on one job id and reads one summary that says how the check went.
 */
class VerifyIT {
    /**
     * A check that passes only while state.txt says "fixed" — as it does on the base ({@link #fixedBase}),
     * so a job that breaks it is the one its failure is judged against — printing what it found when it
     * fails; one that fails for good once a job wrote state.txt, and passes on a base without it.
     */
    private static final String CHECKS = "\"verify\": {"
            + "\"state\": [\"sh\", \"-c\", \"for i in 1 2 3; do echo compiling part $i; done; "
            + "grep -q fixed state.txt || { echo \\\"FAIL: state.txt says $(cat state.txt)\\\"; exit 1; }\"],"
            + "\"never\": [\"sh\", \"-c\", \"test ! -e state.txt || { echo still broken; exit 2; }\"],"
            + "\"slow\": [\"sh\", \"-c\", \"sleep 60\"],"
            + "\"missing\": \"no-such-checker-5e2a --all\"}";

    /** The project's base passes the state check: state.txt says "fixed" there. */
    private static void fixedBase(ServerHarness h) throws Exception {
        Files.writeString(h.project.resolve("state.txt"), "fixed\n");
        h.git("add", "state.txt");
        h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "state: fixed");
    }

    @Test
    void aFailingCheckIsFixedInTheAgentsOwnSessionAndTheJobSucceedsVerified(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS).start()) {
            fixedBase(h);
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "state",
                    "fix_attempts", 1));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertEquals(true, end.get("verified"));

            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("Verified: `sh -c for i in 1 2 3;") && summary.contains("passed")
                    && summary.contains("after 1 fix)"), summary);

            // the agent was resumed in its own session, told the failure's tail and nothing more
            String branch = "bg/" + id;
            String prompts = h.git("show", branch + ":fix-prompts.txt");
            assertTrue(prompts.contains("FAIL: state.txt says broken"), prompts);
            assertTrue(prompts.contains("exited 1 (fix attempt 1 of 1)"), prompts);
            assertEquals("fixed", h.git("show", branch + ":state.txt").strip(), "the fix is on the job's branch");
            String stdout = Files.readString(h.jobDir(id).resolve("stdout.log"));
            List<String> sessions = stdout.lines().filter(l -> l.contains("\"subtype\":\"init\"")).toList();
            assertEquals(2, sessions.size(), "two rounds, one stdout: " + stdout);
            String session = (String) end.get("session_id");
            assertTrue(sessions.stream().allMatch(l -> l.contains(session)), "the fix round resumed " + session);
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void withoutFixAttemptsAFailingCheckFailsTheJobWithTheOutputsTailAndItsDependentsNeverStart(
            @TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS).start()) {
            fixedBase(h);
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "state"));
            String dependent = h.spawn("write after.txt", Map.of("worktree", true, "depends_on", List.of(id)));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("failed", end.get("status"));
            assertEquals(false, end.get("verified"));
            assertTrue(String.valueOf(end.get("last_activity")).startsWith("verification failed: `sh -c"), String.valueOf(end));

            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("Verify: `sh -c") && summary.contains("exited 1"), summary);
            assertTrue(summary.contains(") — it passes on the base ("), "the job broke it: " + summary);
            assertTrue(summary.contains("FAIL: state.txt says broken"), "the failing output's tail: " + summary);
            assertTrue(summary.length() <= 1500, summary.length() + " chars");
            assertEquals("broken", h.git("show", "bg/" + id + ":state.txt").strip(), "the agent's work is kept");
            assertEquals("cancelled", h.awaitEnd(dependent).get("status"), "a dependent starts only from verified work");
        }
    }

    @Test
    void aServerKilledDuringAFixRoundLeavesItToTheNextWhichChecksItsWork(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS, List.of("bash", ServerHarness.STANDIN.toString()),
                Map.of("STANDIN_FIX_SLEEP", "3")).start()) {
            fixedBase(h);
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "state",
                    "fix_attempts", 1));
            Path fixing = h.worktree(id).resolve("fix-prompts.txt");
            Await.until("the fix round starts", Duration.ofSeconds(20), () -> Files.exists(fixing));
            h.killServerHard();
            h.start();
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertEquals(true, end.get("verified"), "the next server checked the fix round's work");
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("after 1 fix)") && summary.contains("Fixed state.txt."), summary);
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void fixRoundsStopAtTheirLimit(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS).start()) {
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "never",
                    "fix_attempts", 2));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("failed", end.get("status"));
            assertTrue(String.valueOf(end.get("last_activity")).contains("exited 2 after 2 fix attempts"), String.valueOf(end));
            String prompts = h.git("show", "bg/" + id + ":fix-prompts.txt");
            assertTrue(prompts.contains("fix attempt 1 of 2") && prompts.contains("fix attempt 2 of 2"), prompts);
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void aCancelStopsARunningCheckWithItsProcesses(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS).start()) {
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "slow"));
            Await.until("the check starts", Duration.ofSeconds(20), () -> Files.exists(h.jobDir(id).resolve("verify.log")));
            Map<String, Object> status = structured(h.call("job_status", Map.of("job_ids", List.of(id))));
            assertTrue(String.valueOf(status).contains("running"), "still running while checked: " + status);
            McpSchema.CallToolResult r = h.call("cancel_job", Map.of("job_id", id));
            assertTrue(text(r).contains("cancelled"), text(r));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("cancelled", end.get("status"));
            assertTrue(String.valueOf(end.get("last_activity")).contains("while its check ran"), String.valueOf(end));
            assertTrue(h.survivors().isEmpty(), "the check's sleep is gone too: " + h.survivors());
        }
    }

    @Test
    void aCheckThatRunsTooLongIsStoppedAndTheJobFailsSayingSo(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS + ", \"verify_timeout_minutes\": 0.02").start()) {
            String id = h.spawn("write state.txt CONTENT:broken", Map.of("worktree", true, "verify", "slow"));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("failed", end.get("status"));
            assertEquals(false, end.get("verified"));
            assertTrue(String.valueOf(end.get("last_activity")).startsWith("verification timed out"), String.valueOf(end));
            assertTrue(h.survivors().isEmpty(), "the check's sleep is gone: " + h.survivors());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlansTasksAreCheckedWithTheProjectsOwnTestCommandAndTheDependentBuildsOnVerifiedWork(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // npm test is what auto finds here, and what each task file tells its agent to run
            Files.writeString(dir.resolve("package.json"), "{\"name\": \"p\", \"scripts\": {\"test\": "
                    + "\"grep -q fixed state.txt || (echo state is not fixed; exit 1)\"}}\n");
            Files.writeString(dir.resolve("state.txt"), "fixed\n"); // its base passes: the first task breaks it
            h.git("add", "package.json", "state.txt");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "npm test");
            McpSchema.CallToolResult dec = h.call("decompose_plan", Map.of("feature", "state", "tasks", List.of(
                    Map.of("id", "a", "title", "State", "prompt", "write state.txt CONTENT:broken", "provider", "claude"),
                    Map.of("id", "b", "title", "After", "prompt", "REQUIRE:state.txt write after.txt",
                            "provider", "claude", "depends_on", List.of("a")))));
            String session = (String) structured(dec).get("session");
            String taskFile = Files.readString(dir.resolve(".context/impl").resolve(session).resolve("tasks/01-state.md"));
            assertTrue(taskFile.contains("Run `npm test`"), taskFile);
            Map<String, Object> run = structured(h.call("spawn_agent", Map.of("session", session, "fix_attempts", 1)));
            List<String> ids = ((List<Map<String, Object>>) run.get("jobs")).stream()
                    .map(j -> (String) j.get("job_id")).toList();
            for (String id : ids) {
                Map<String, Object> end = h.awaitEnd(id);
                assertEquals("succeeded", end.get("status"), String.valueOf(end));
                assertEquals(true, end.get("verified"));
            }
            String first = text(h.call("read_summary", Map.of("job_id", ids.get(0))));
            assertTrue(first.contains("Verified: `npm test` passed") && first.contains("after 1 fix"), first);
            String second = text(h.call("read_summary", Map.of("job_id", ids.get(1))));
            assertTrue(second.contains("Verified: `npm test` passed (") && !second.contains("fix)"), second);
        }
    }

    @Test
    void badChecksAreRefusedAndNothingIsCreated(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, CHECKS).start()) {
            for (Map<String, Object> bad : List.of(
                    Map.<String, Object>of("verify", "rm -rf /"),
                    Map.<String, Object>of("verify", "auto"),
                    Map.<String, Object>of("verify", "missing"),
                    Map.<String, Object>of("fix_attempts", 2),
                    Map.<String, Object>of("verify", "state", "fix_attempts", 9))) {
                Map<String, Object> args = new java.util.HashMap<>(bad);
                args.put("prompt", "write x.txt");
                McpSchema.CallToolResult r = h.call("spawn_agent", args);
                assertTrue(Boolean.TRUE.equals(r.isError()), bad + " was accepted: " + text(r));
                assertEquals(1, text(r).lines().count(), "one line: " + text(r));
            }
            assertTrue(text(h.call("spawn_agent", Map.of("prompt", "x", "verify", "rm -rf /"))).contains(
                    "a command is never taken from the call"));
            assertTrue(text(h.call("spawn_agent", Map.of("prompt", "x", "verify", "missing"))).contains("not installed"));
            assertFalse(Files.isDirectory(dir.resolve(".context/jobs")) && Files.list(dir.resolve(".context/jobs"))
                    .findAny().isPresent(), "no job was made");
            assertEquals("main", h.git("branch", "--format=%(refname:short)").strip(), "no branch was made");
        }
    }
}
