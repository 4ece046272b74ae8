package dev.bgagents.orchestration.fallback;

import dev.bgagents.Await;
import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Ask;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fallback chains in the engine, with a fake process table: which providers a job's chain holds,
 * and what follows a job's end — its task on the next provider when its own could not serve it,
 * nothing when it failed on its merits or was stopped. claude and codex are their own CLIs' parsers
 * on output their real CLIs printed (run by bash, never started).
 */
class FallbacksTest {
    private static final String BUILT_INS = "\"claude\": {\"command\": [\"bash\"]}, \"codex\": {\"command\": [\"bash\"]}";
    private static final String CHECK = "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}";
    /** claude's last line when its model server answered 429, as claude 2.1.197 printed it, with what it spent. */
    private static final String CLAUDE_429 = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,"
            + "\"api_error_status\":429,\"num_turns\":1,\"result\":\"API Error: Request rejected (429) · Number of "
            + "requests has exceeded your rate limit\",\"session_id\":\"s-1\",\"total_cost_usd\":0.25,"
            + "\"usage\":{\"input_tokens\":1200,\"output_tokens\":300}}\n";

    @TempDir
    Path dir;

    private static String output(String fixture) throws Exception {
        return Files.readString(Path.of(FallbacksTest.class.getResource("/fixtures/agent-output/" + fixture).toURI()));
    }

    /** The job that took over {@code id}'s task, if any. */
    private static Optional<Job> next(EngineFixture f, String id) {
        return f.engine.store().all().stream().filter(j -> id.equals(j.spec().relations().fallbackOf())).findFirst();
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of("asked for", "", List.of("other", "third"), List.of("other", "third"),
                        List.of("falls back to other, third if agent cannot serve it")),
                Arguments.of("the job's own provider left out", "", List.of("agent", "other"), List.of("other"),
                        List.of("falls back to other if agent cannot serve it")),
                Arguments.of("a duplicate once", "", List.of("other", "third", "other"), List.of("other", "third"),
                        List.of("falls back to other, third if agent cannot serve it")),
                Arguments.of("the config's, less what is not usable", "\"fallback\": [\"gemini\", \"other\"]", null,
                        List.of("other"), List.of("fallback leaves out gemini (not usable here)",
                                "falls back to other if agent cannot serve it")),
                Arguments.of("none asked for over the config's", "\"fallback\": [\"other\"]", List.of(), List.of(),
                        List.of()),
                Arguments.of("none", "", null, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void theChainOfANewJob(String what, String config, List<String> asked, List<String> chain, List<String> notes)
            throws Exception {
        try (EngineFixture f = new EngineFixture(dir, config)) {
            Ask ask = Ask.prompt("fix the sum");
            Spawning.Started s = f.engine.spawning().spawn((asked == null ? ask : ask.fallback(asked.toArray(String[]::new)))
                    .request());
            assertEquals(chain, s.job().spec().relations().fallback());
            assertEquals(notes, s.notes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gemini | fallback "gemini": gemini is not installed ("gemini" not found on PATH)
            nosuch | fallback "nosuch": unknown provider "nosuch"; known: """)
    void anUnusableProviderAskedForRefusesTheJobNamingItWithNothingCreated(String provider, String message)
            throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().spawn(Ask.prompt("fix the sum")
                    .fallback("other", provider).request()));
            assertTrue(r.getMessage().startsWith(message), r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), f.jobBranches());
        }
    }

    @Test
    void aJobItsProviderFailedGoesOnAsANewJobFromTheSameCommitWithTheSameCheckGroupAndBudgets() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK, BUILT_INS)) {
            Budget budget = new Budget(5.0, null, null);
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").verify("unit", 1)
                    .fallback("other", "third").budget(budget).on("claude", "agent"));
            String first = g.attempts().get(0).job().id();
            f.agentPid(first);
            Workspace before = f.job(first).workspace();
            // the project moves on while the first attempt runs: the next one starts where it did
            Files.writeString(f.project.resolve("later.txt"), "later\n");
            f.git("add", "later.txt");
            f.git("commit", "-q", "-m", "later");

            assertNotEquals(f.git("rev-parse", "main").strip(), before.baseCommit());
            Job failed = f.agentExits(first, CLAUDE_429, 1);

            assertEquals(JobStatus.FAILED, failed.status());
            assertTrue(failed.state().reason().startsWith("rate limited (HTTP 429)"), failed.state().reason());
            Job next = next(f, first).orElseThrow(() -> new AssertionError("no job took over " + first));
            assertEquals("other", next.spec().provider());
            assertEquals(List.of("third"), next.spec().relations().fallback());
            assertEquals(g.group(), next.spec().relations().group());
            assertEquals(f.job(first).spec().verify(), next.spec().verify());
            assertEquals(budget, next.spec().limits().budget());
            assertEquals(new Usage(1200L, 300L, null, 0.25), next.spec().limits().spentBefore());
            assertEquals("bg/" + next.id(), next.workspace().branch());
            f.agentPid(next.id());
            assertEquals(before.baseCommit(), f.job(next.id()).workspace().baseCommit(),
                    "the new branch starts at the first attempt's commit, not at main's new one");
            assertEquals(Files.readString(f.engine.store().files(first).prompt()),
                    Files.readString(f.engine.store().files(next.id()).prompt()));
            // the first attempt did nothing in its worktree: it and its branch are gone
            assertFalse(f.jobBranches().contains("bg/" + first), f.jobBranches().toString());
            assertFalse(f.worktrees().contains(before.path()));
            assertEquals(next.id(), f.engine.watching().latest(first).id());
        }
    }

    interface Ending {
        Job of(EngineFixture f, String id) throws Exception;
    }

    static Stream<Arguments> noFallback() {
        return Stream.of(
                Arguments.of("failed on its merits", (Ending) (f, id) -> f.agentExits(id, "{\"type\":\"result\","
                        + "\"subtype\":\"success\",\"is_error\":true,\"result\":\"The tests still fail after my "
                        + "change\"}\n", 1), 30, JobStatus.FAILED),
                Arguments.of("exited without a result", (Ending) (f, id) -> f.agentExits(id, "", 1), 30,
                        JobStatus.FAILED),
                Arguments.of("cancelled", (Ending) (f, id) -> {
                    f.agentPid(id);
                    return f.engine.cancelling().cancel(id);
                }, 30, JobStatus.CANCELLED),
                Arguments.of("timed out", (Ending) (f, id) -> f.awaitEnd(id), 0.005, JobStatus.TIMED_OUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noFallback")
    void aJobThatFailedOnItsMeritsOrWasStoppedDoesNotFallBack(String what, Ending ending, double timeoutMinutes,
                                                              JobStatus status) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "", BUILT_INS)) {
            String id = f.engine.spawning().spawn(Ask.prompt("fix the sum").provider("claude").fallback("other")
                    .timeoutMinutes(timeoutMinutes).request()).job().id();

            Job end = ending.of(f, id);

            assertEquals(status, end.status(), end.state().reason());
            assertEquals(Optional.empty(), next(f, id));
            assertEquals(List.of(id), f.jobDirs());
            assertEquals(id, f.engine.watching().latest(id).id());
        }
    }

    /**
     * The race a host lost: its cancel came as the first job's agent ended rate limited, with its end
     * not on record yet (held here where the end stops what the agent left), so the job still read as
     * running; the cancel waited for that end, and the fallback started meanwhile ran on.
     */
    @Test
    void aCancelThatComesAsTheJobFailsForItsProviderStopsTheChainBeforeItsFallbackStarts() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "", BUILT_INS)) {
            String first = f.engine.spawning().spawn(Ask.prompt("fix the sum").provider("claude").fallback("other")
                    .request()).job().id();
            long pid = f.agentPid(first);
            java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
            f.processes.holdKill(pid, end);
            f.processes.exit(pid, CLAUDE_429, 1);
            Await.until(first + " is ending", Duration.ofSeconds(20), () -> f.processes.killed.contains(pid));
            assertEquals(first, f.engine.cancelling().current(first).id());
            assertTrue(f.engine.cancelling().current(first).status().isActive());

            java.util.concurrent.atomic.AtomicReference<Job> answer = new java.util.concurrent.atomic.AtomicReference<>();
            Thread cancel = new Thread(() -> answer.set(f.engine.cancelling().cancel(first)), "cancel");
            cancel.start();
            Await.until("the cancel waits on the end of " + first, Duration.ofSeconds(20),
                    () -> cancel.getState() == Thread.State.TIMED_WAITING);
            end.countDown();
            cancel.join(20_000);

            assertEquals(first, answer.get().id());
            assertEquals(JobStatus.CANCELLED, answer.get().status(), answer.get().state().reason());
            assertTrue(answer.get().state().reason().startsWith("cancelled as it failed for its provider; its task does "
                    + "not go on to other: rate limited (HTTP 429)"), answer.get().state().reason());
            assertEquals(Optional.empty(), next(f, first));
            assertEquals(List.of(first), f.jobDirs());
            assertEquals(JobStatus.CANCELLED, f.engine.watching().latest(first).status());
        }
    }

    /**
     * The same race lost the other way: the fallback was on record by the time the cancel looked, which
     * was given the first job's id as the host had read it running a moment before.
     */
    @Test
    void aCancelOfAJobThatHasJustFallenBackCancelsTheJobThatTookItsTaskOver() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "", BUILT_INS)) {
            String first = f.engine.spawning().spawn(Ask.prompt("fix the sum").provider("claude").fallback("other")
                    .request()).job().id();
            f.agentExits(first, CLAUDE_429, 1);
            String taken = next(f, first).orElseThrow().id();

            Job answer = f.engine.cancelling().cancel(first);

            assertEquals(taken, answer.id());
            assertEquals(JobStatus.CANCELLED, answer.status(), answer.state().reason());
            assertEquals(JobStatus.CANCELLED, f.job(taken).status());
            assertEquals(JobStatus.FAILED, f.job(first).status(), "its own end stays as it was");
            assertEquals(taken, f.engine.watching().latest(first).id());
        }
    }

    @Test
    void theChainsSummarySaysWhyEachProviderWasLeftAndGivesTheKeptJob() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "", BUILT_INS)) {
            String first = f.engine.spawning().spawn(Ask.prompt("fix the sum").provider("claude")
                    .fallback("codex", "other").request()).job().id();
            f.agentExits(first, CLAUDE_429, 1);
            String second = next(f, first).orElseThrow().id();
            f.agentExits(second, output("codex-429.jsonl"), 1);
            String kept = next(f, second).orElseThrow().id();
            assertEquals(List.of(), f.job(kept).spec().relations().fallback());
            f.agentPid(kept);

            String running = f.engine.summarizing().summary(f.job(first), 1500).markdown();
            assertTrue(running.startsWith("Fallback: " + first + " (claude) failed: rate limited (HTTP 429): retry later "
                    + "or use another provider → " + second + " (codex) failed: rate limited (HTTP 429): retry later or "
                    + "use another provider → " + kept + " (other) running: wait on " + first + " again.\n"), running);

            f.agentWrites(kept, "sum.py", "fixed\n");
            f.agentExits(kept, "Fixed the sum.\n", 0);
            String md = f.engine.summarizing().summary(f.job(first), 1500).markdown();
            assertTrue(md.lines().findFirst().orElseThrow().endsWith("→ " + kept + " (other) succeeded. Kept " + kept
                    + ":"), md);
            assertTrue(md.contains("## " + kept + ": succeeded"), md);
            assertTrue(md.contains("Fixed the sum."), md);
            assertEquals(kept, f.engine.watching().latest(first).id());
        }
    }
}
