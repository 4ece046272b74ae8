package dev.bgagents.orchestration.attempts;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.Ask;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Best of N in the engine, with a fake process table: a group starts whole or not at all, its
 * attempts share one check, its summary ranks them, and its merge keeps the winner alone (and
 * those the host keeps).
 */
class AttemptsTest {
    private static final String CHECK = "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}";

    @TempDir
    Path dir;

    private static List<String> ids(Spawning.GroupStarted g) {
        return g.attempts().stream().map(s -> s.job().id()).toList();
    }

    /** The attempt writes {@code lines} lines into a file of its own and exits 0 (its check, if any, still to run). */
    private static void writesAndExits(EngineFixture f, String id, int lines) throws Exception {
        f.agentPid(id);
        if (lines > 0) {
            f.agentWrites(id, id + ".txt", "line\n".repeat(lines));
        }
        f.processes.exit(f.agentPid(id), "done " + id + "\n", 0);
    }

    /** A group on agent, other and third, each attempt having written {@code lines[i]} lines and succeeded (no check). */
    private static Spawning.GroupStarted ended(EngineFixture f, int... lines) throws Exception {
        Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum")
                .on("agent", "other", "third"));
        for (int i = 0; i < lines.length; i++) {
            writesAndExits(f, ids(g).get(i), lines[i]);
        }
        ids(g).forEach(f::awaitEnd);
        return g;
    }

    private static Merging.Request mergeGroup(String group, List<String> keep) {
        return new Merging.Request(group, null, false, false, true, false, keep);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            agent,gemini  | gemini | gemini is not installed
            nosuch,agent  | nosuch | unknown provider "nosuch"
            agent,other,codex | codex | codex is not installed""")
    void anUnusableProviderAmongTheAttemptsRefusesWithNothingCreated(String providers, String bad, String why)
            throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().spawnAttempts(
                    Ask.prompt("fix the sum").on(providers.split(","))));
            assertTrue(r.getMessage().startsWith("attempts: \"" + bad + "\": " + why), r.getMessage());
            assertTrue(r.getMessage().endsWith("; nothing was started"), r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), f.jobBranches());
            assertEquals(List.of(f.project), f.worktrees());
            assertEquals(List.of(), f.processes.launched());
        }
    }

    @Test
    void fixAttemptsWithNothingToCheckRefuseTheGroupWithNothingCreated() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().spawnAttempts(
                    Ask.prompt("fix the sum").verify(null, 2).on("agent", "other")));
            assertTrue(r.getMessage().startsWith("fix_attempts needs a check: verify=\"auto\" found no build to run in "),
                    r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), f.jobBranches());
        }
    }

    @ParameterizedTest(name = "verify {0}, build file {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            unit | -            | bash check-me
            -    | package.json | npm test
            -    | -            | -""")
    void aGroupOfTwoGetsOneCheckForBoth(String verify, String buildFile, String check) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            if (buildFile != null) {
                Files.writeString(f.project.resolve(buildFile), "{\"scripts\": {\"test\": \"node test.js\"}}\n");
            }
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").verify(verify, null)
                    .on("agent", "other"));
            assertEquals(2, g.attempts().size());
            for (String id : ids(g)) {
                VerifySpec v = f.job(id).spec().verify();
                assertEquals(check, v == null ? null : String.join(" ", v.command()), id);
                assertEquals(g.group(), f.job(id).spec().relations().group());
            }
        }
    }

    @Test
    void aVerifiedAttemptWinsOverOneWhoseCheckFailedThoughItChangedMore() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").verify("unit", null)
                    .on("agent", "other"));
            String big = ids(g).get(0);
            String small = ids(g).get(1);
            writesAndExits(f, big, 10);
            f.checkExits(big, "all passed\n", 0);
            assertEquals(JobStatus.SUCCEEDED, f.awaitEnd(big).status());
            writesAndExits(f, small, 1);
            f.checkExits(small, "1 failed\n", 1);
            f.baseCheckExits(small, "all passed on the base\n", 0);
            assertEquals(JobStatus.FAILED, f.awaitEnd(small).status());

            Summarizing.GroupSummary s = f.engine.summarizing().groupSummary(g.group(), 1500).orElseThrow();
            assertEquals(big, s.winner().id());
            List<String> lines = s.markdown().lines().toList();
            assertEquals("## " + g.group() + ": 2 attempts, winner " + big + " (agent, verified)", lines.get(0));
            assertTrue(lines.get(2).startsWith("1. " + big + " succeeded · verified · 10 lines in 1 file · "), lines.get(2));
            assertTrue(lines.get(3).startsWith("2. " + small + " failed · check exit 1 · 1 lines in 1 file · "), lines.get(3));
        }
    }

    @Test
    void amongUncheckedAttemptsTheOneWithFewerChangedLinesWinsAndOneWithoutChangesComesLast() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Spawning.GroupStarted g = ended(f, 5, 2, 0);
            List<String> ids = ids(g);

            Summarizing.GroupSummary s = f.engine.summarizing().groupSummary(g.group(), 1500).orElseThrow();
            assertEquals(ids.get(1), s.winner().id());
            List<String> rows = s.markdown().lines().filter(l -> l.matches("\\d\\. .*")).toList();
            assertEquals(List.of(ids.get(1), ids.get(0), ids.get(2)), rows.stream().map(l -> l.split(" ")[1]).toList(),
                    s.markdown());
            assertTrue(s.markdown().startsWith("## " + g.group() + ": 3 attempts, winner " + ids.get(1) + " (other)\n"),
                    s.markdown());
            assertTrue(s.markdown().contains("Next: merge_worktree {job_id: \"" + g.group() + "\"} merges " + ids.get(1)),
                    s.markdown());
        }
    }

    @Test
    void mergingTheGroupKeepsTheWinnerRemovesTheOthersNamingEachTipAndKeepsThoseAskedFor() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Spawning.GroupStarted g = ended(f, 3, 1, 2);
            String loser = ids(g).get(0);
            String winner = ids(g).get(1);
            String kept = ids(g).get(2);
            String loserTip = f.git("rev-parse", "--short=7", "bg/" + loser).strip();

            Merging.Outcome o = f.engine.merging().merge(mergeGroup(g.group(), List.of(kept)));

            assertTrue(o.merged(), String.valueOf(o.refusal()));
            assertEquals(winner, o.jobId());
            assertEquals("worktree and branch bg/" + winner + " removed; other attempts removed: bg/" + loser
                    + " (tip " + loserTip + "); kept: bg/" + kept, o.cleanedUp());
            assertEquals("line\n", Files.readString(f.project.resolve(winner + ".txt")));
            assertFalse(Files.exists(f.project.resolve(loser + ".txt")));
            assertEquals(List.of("bg/" + kept), f.jobBranches());
            assertEquals(List.of(f.project, f.job(kept).workspace().path()), f.worktrees());
            assertTrue(f.job(loser).workspace().removed());
            assertFalse(f.job(kept).workspace().removed());
            // the named tip is where the loser's work can be had back
            assertEquals("line\nline\nline\n", f.git("show", loserTip + ":" + loser + ".txt"));
        }
    }

    @Test
    void mergingWhileAnAttemptRunsIsRefusedWithNothingChanged() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").on("agent", "other"));
            writesAndExits(f, ids(g).get(0), 1);
            f.awaitEnd(ids(g).get(0));
            f.agentPid(ids(g).get(1));
            String main = f.git("rev-parse", "main");

            Refusal r = assertThrows(Refusal.class, () -> f.engine.merging().merge(mergeGroup(g.group(), List.of())));

            assertEquals("1 of the 2 attempts still run: job_status {job_ids: [\"" + g.group() + "\"], wait: \"all\"} "
                    + "first, or cancel_job them", r.getMessage());
            assertEquals(main, f.git("rev-parse", "main"));
            assertEquals(ids(g).stream().map(id -> "bg/" + id).sorted().toList(), f.jobBranches());
            assertTrue(f.engine.summarizing().groupSummary(g.group(), 1500).orElseThrow().markdown()
                    .startsWith("## " + g.group() + ": 2 attempts, 1 still running\n"));
        }
    }

    @Test
    void keepMustNameAnAttemptOfTheGroup() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").on("agent", "other"));
            ids(g).forEach(id -> f.agentPid(id));
            Refusal r = assertThrows(Refusal.class, () -> f.engine.merging().merge(
                    mergeGroup(g.group(), List.of("agent-ffffff"))));
            assertEquals("keep: \"agent-ffffff\" is not an attempt of " + g.group() + " (" + String.join(", ", ids(g))
                    + ")", r.getMessage());
        }
    }

    @Test
    void aGroupWhereNoAttemptSucceededWithChangesHasNothingToMerge() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(Ask.prompt("fix the sum").on("agent", "other"));
            f.agentWrites(ids(g).get(0), "half.txt", "half\n");
            assertEquals(JobStatus.FAILED, f.agentExits(ids(g).get(0), "gave up\n", 1).status());
            assertEquals(JobStatus.SUCCEEDED, f.agentExits(ids(g).get(1), "nothing to do\n", 0).status());

            Refusal r = assertThrows(Refusal.class, () -> f.engine.merging().merge(mergeGroup(g.group(), List.of())));

            assertEquals("no attempt of " + g.group() + " succeeded with changes: nothing to merge (read_summary "
                    + "{job_id: \"" + g.group() + "\"} says why)", r.getMessage());
            assertNull(f.engine.summarizing().groupSummary(g.group(), 1500).orElseThrow().winner());
            assertEquals(2, f.jobBranches().size());
        }
    }
}
