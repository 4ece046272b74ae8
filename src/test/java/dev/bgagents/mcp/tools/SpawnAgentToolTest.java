package dev.bgagents.mcp.tools;

import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** spawn_agent: what it asks the spawner for, and what the host reads of each outcome. */
class SpawnAgentToolTest {

    private static Answer call(FakeSpawning s, Map<String, Object> args) {
        return Answers.call(new SpawnAgentTool(s), args, Progress.NONE);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(Map.of("prompt", "x", "permissions", "root"), "must be one of read-only, workspace-write, full"),
                Arguments.of(Map.of("prompt", "x", "timeout_minutes", -1), "between 0.01 and 1440"),
                Arguments.of(Map.of("prompt", "x", "timeout_minutes", "ten"), "must be a number"),
                Arguments.of(Map.of("prompt", 5), "\"prompt\" must be a string"),
                Arguments.of(Map.of("prompt", "x", "worktree", "yes"), "must be true or false"),
                Arguments.of(Map.of("prompt", "x", "colour", "red"), "unknown argument \"colour\""),
                Arguments.of(Map.of("prompt", "x", "task_id", "1"), "pass the session decompose_plan gave too"),
                Arguments.of(Map.of("session", "s", "prompt", "x"), "\"prompt\" comes from the plan"),
                Arguments.of(Map.of("session", "s", "wave", 0), "between 1 and 100"),
                Arguments.of(Map.of("review_of", "claude-aaaaaa", "prompt", "x"), "\"prompt\" does not go with review_of"),
                Arguments.of(Map.of("review_of", "claude-aaaaaa", "permissions", "full"),
                        "\"permissions\" does not go with review_of"),
                Arguments.of(Map.of("review_of", "claude-aaaaaa", "verify", "auto"), "\"verify\" does not go with review_of"),
                Arguments.of(Map.of("review_of", "claude-aaaaaa", "max_tokens", 10), "\"max_tokens\" does not go with review_of"),
                Arguments.of(Map.of("session", "s", "attempts", java.util.List.of("claude", "codex")),
                        "\"attempts\" comes from the plan"),
                Arguments.of(Map.of("review_of", "claude-aaaaaa", "attempts", java.util.List.of("claude", "codex")),
                        "give one of them"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void aMistakeInTheArgumentsAsksNothingOfTheSpawner(Map<String, Object> args, String expected) {
        FakeSpawning s = new FakeSpawning();
        Answer a = call(s, args);
        assertTrue(a.isError() && a.text().contains(expected), a.text());
        assertTrue(s.requests.isEmpty() && s.plans.isEmpty() && s.reviews.isEmpty());
    }

    @Test
    void reviewOfAsksForAReviewAndTheAnswerSaysWhatItReviews() {
        FakeSpawning s = new FakeSpawning();
        Job review = JobFixtures.running("codex-bbbbbb");
        review = new Job(JobFixtures.spec("codex-bbbbbb").permissions("read-only").reviewOf("claude-aaaaaa").build(),
                review.state(), null, null);
        s.next = new Spawning.Started(review, 1, 6, false, List.of("codex reviews claude's work"));
        Answer a = call(s, Map.of("review_of", "claude-aaaaaa", "provider", "codex", "timeout_minutes", 5));
        assertEquals(List.of(new Spawning.ReviewRequest("claude-aaaaaa", "codex", null, 5.0, null)), s.reviews);
        assertTrue(s.requests.isEmpty());
        assertTrue(a.text().startsWith("Started codex-bbbbbb (") && a.text().contains(", read-only, reviewing "
                + "claude-aaaaaa)"), a.text());
        assertTrue(a.text().endsWith("(codex reviews claude's work)"), a.text());
        assertEquals("claude-aaaaaa", a.structured().get("review_of"));
    }

    @Test
    void theArgumentsBecomeTheRequest() {
        FakeSpawning s = new FakeSpawning();
        s.next = new Spawning.Started(JobFixtures.running("codex-aaaaaa"), 1, 6, false, List.of());
        call(s, Map.of("prompt", "fix it", "provider", "codex", "permissions", "read-only", "timeout_minutes", 5,
                "worktree", false, "files", "a.py", "depends_on", List.of("claude-bbbbbb")));
        Spawning.Request r = s.requests.get(0);
        assertEquals("fix it", r.prompt());
        assertEquals("codex", r.provider());
        assertEquals(Permissions.READ_ONLY, r.permissions());
        assertEquals(5.0, r.timeoutMinutes());
        assertNull(r.stallMinutes(), "defaults are the spawner's to choose");
        assertEquals(false, r.worktree());
        assertEquals(List.of("a.py"), r.files(), "a single path counts as a list");
        assertEquals(List.of("claude-bbbbbb"), r.dependsOn());
    }

    @Test
    void aRefusalIsTheSpawnersOneLine() {
        FakeSpawning s = new FakeSpawning();
        s.refuse = new Refusal("unknown provider \"gpt-9\"; known: claude, codex");
        assertEquals("unknown provider \"gpt-9\"; known: claude, codex", call(s, Map.of("prompt", "x")).text());
    }

    static Stream<Arguments> outcomes() {
        Job running = JobFixtures.withWorkspace(JobFixtures.running("claude-aaaaaa"), "bg/claude-aaaaaa");
        return Stream.of(
                Arguments.of(new Spawning.Started(running, 1, 6, false, List.of()),
                        "Started claude-aaaaaa (claude, workspace-write) on bg/claude-aaaaaa. Wait: job_status wait=\"any\"."),
                Arguments.of(new Spawning.Started(JobFixtures.queued("claude-aaaaaa"), 6, 6, false, List.of("auto chose claude for complex work")),
                        "Queued claude-aaaaaa (6/6 running); it starts when a slot frees. Wait: job_status wait=\"any\". (auto chose claude for complex work)"),
                Arguments.of(new Spawning.Started(JobFixtures.queued("claude-aaaaaa"), 0, 6, true, List.of()),
                        "Starting claude-aaaaaa (claude, workspace-write) in /work/repo once its worktree is checked out. Wait: job_status wait=\"any\"."),
                Arguments.of(new Spawning.Started(JobFixtures.queued("claude-aaaaaa", "codex-bbbbbb"), 1, 6, false, List.of()),
                        "Queued claude-aaaaaa (claude) until codex-bbbbbb succeed; cancelled if one does not. Wait: job_status wait=\"all\"."));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("outcomes")
    void eachOutcomeIsOneLineWithWhatToDoNext(Spawning.Started started, String text) {
        FakeSpawning s = new FakeSpawning();
        s.next = started;
        Answer a = call(s, Map.of("prompt", "x"));
        assertFalse(a.isError());
        assertEquals(text, a.text());
        assertEquals(started.job().id(), a.structured().get("job_id"));
        assertEquals(started.job().status().wire(), a.structured().get("status"));
        assertTrue(((String) a.structured().get("next")).startsWith("job_status"), "the next step, for hosts that show only this part");
        assertEquals(started.notes().isEmpty() ? null : String.join("; ", started.notes()), a.structured().get("notes"));
    }

    @Test
    void aJobThatCouldNotStartIsAnError() {
        FakeSpawning s = new FakeSpawning();
        Job neverStarted = new Job(JobFixtures.spec("claude-aaaaaa").build(), dev.bgagents.jobs.JobState.queued()
                .ended(JobStatus.FAILED, null, "could not start: no sh", java.time.Instant.now()), null, null);
        s.next = new Spawning.Started(neverStarted, 0, 6, false, List.of());
        Answer a = call(s, Map.of("prompt", "x"));
        assertTrue(a.isError());
        assertEquals("claude-aaaaaa failed: could not start: no sh", a.text());
    }

    @Test
    void aJobThatRanAndEndedBeforeItsSpawnWasAnsweredIsNoError() {
        FakeSpawning s = new FakeSpawning();
        s.next = new Spawning.Started(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null), 0, 6, false,
                List.of());
        Answer a = call(s, Map.of("prompt", "x"));
        assertFalse(a.isError(), a.text());
        assertTrue(a.text().contains("it has already ended: succeeded"), a.text());
        assertEquals("claude-aaaaaa", a.structured().get("job_id"));
        assertEquals("read_summary {job_id: \"claude-aaaaaa\"}", a.structured().get("next"));
    }

    @Test
    void aPlanRunListsEachTasksJobAndHowToWait() {
        FakeSpawning s = new FakeSpawning();
        Job first = JobFixtures.running("codex-aaaaaa");
        Job second = JobFixtures.queued("claude-bbbbbb", "codex-aaaaaa");
        s.nextPlan = new Spawning.PlanStarted("20261201-100000_shop", List.of(
                new Spawning.TaskJob("1", 1, first, false, false),
                new Spawning.TaskJob("2", 2, second, true, true)), List.of());
        Answer a = call(s, Map.of("session", "20261201-100000_shop", "permissions", "full"));
        assertEquals(Permissions.FULL, s.plans.get(0).permissions());
        assertEquals("Plan 20261201-100000_shop: 1 started, 1 queued until their dependencies succeed.\n"
                + "01 codex-aaaaaa running\n02 claude-bbbbbb queued\n"
                + "Wait: job_status {session: \"20261201-100000_shop\", wait: \"all\"}; a failed task cancels only its "
                + "dependents.", a.text());
        assertEquals("running", a.structured().get("status"));
        assertEquals(2, ((List<?>) a.structured().get("jobs")).size());
    }

    @Test
    void theBudgetArgumentsBecomeTheJobsBudgetOrThePlans() {
        FakeSpawning s = new FakeSpawning();
        s.next = new Spawning.Started(JobFixtures.running("claude-aaaaaa"), 1, 6, false, List.of());
        call(s, Map.of("prompt", "x", "max_tokens", 5000, "max_cost_usd", 0.25, "max_turns", 9));
        assertEquals(new dev.bgagents.agents.Budget(0.25, 5000L, 9), s.requests.get(0).budget());

        call(s, Map.of("prompt", "x"));
        assertEquals(dev.bgagents.agents.Budget.NONE, s.requests.get(1).budget());

        s.nextPlan = new Spawning.PlanStarted("20261201-100000_shop", List.of(
                new Spawning.TaskJob("1", 1, JobFixtures.running("codex-aaaaaa"), false, false)), List.of());
        call(s, Map.of("session", "20261201-100000_shop", "max_tokens", 100000));
        assertEquals(new dev.bgagents.agents.Budget(null, 100000L, null), s.plans.get(0).budget());

        Answer bad = call(s, Map.of("prompt", "x", "max_turns", 0));
        assertTrue(bad.isError());
        assertTrue(bad.text().contains("max_turns"), bad.text());
    }
}
