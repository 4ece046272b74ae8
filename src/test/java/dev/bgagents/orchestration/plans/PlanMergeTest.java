package dev.bgagents.orchestration.plans;

import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.PlanMerge.State;
import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * merge_worktree {session} and read_summary {session} on the engine: a plan's finished tasks merged
 * in wave order in one call, forecast by a dry run, stopped at a refusal with nothing of that task
 * merged, continued by calling again, unfinished and failed tasks skipped and named.
 */
class PlanMergeTest {
    private static final String PLAN = PlansTest.PLAN;

    @TempDir
    Path dir;

    /** The plan decomposed and run: its session and each task's job id. */
    private record Run(String session, Map<String, String> jobs) {
    }

    private static Run run(EngineFixture f) {
        String session = f.engine.planning().decompose(new Planning.Request(PLAN, null, null, "greeting", null)).plan()
                .session();
        Spawning.PlanStarted s = f.engine.spawning().runPlan(new Spawning.PlanRequest(session, null, null, null, null,
                null, null, null, null, null, null));
        return new Run(session, s.jobs().stream().collect(Collectors.toMap(Spawning.TaskJob::taskId, t -> t.job().id())));
    }

    private static void finish(EngineFixture f, String id, String file, String content) throws Exception {
        f.agentPid(id);
        f.agentWrites(id, file, content);
        f.agentExits(id, "Wrote " + file + ".\n", 0);
    }

    /** Tasks 1 and 3 write {@code first} and {@code third} (file: content), then task 2 (on 1's work) layer.txt. */
    private static void finishAll(EngineFixture f, Run r, String[] first, String[] third) throws Exception {
        finish(f, r.jobs().get("1"), first[0], first[1]);
        finish(f, r.jobs().get("3"), third[0], third[1]);
        finish(f, r.jobs().get("2"), "layer.txt", "layer\n");
    }

    private static PlanMerge.Outcome merge(EngineFixture f, String session, boolean dryRun) {
        return f.engine.merging().mergePlan(new PlanMerge.Request(session, null, false, dryRun, true, false));
    }

    private static List<String> states(PlanMerge.Outcome o) {
        return o.tasks().stream().map(t -> t.stem() + " " + t.state().wire()).toList();
    }

    @Test
    void theFinishedTasksMergeInWaveOrderInOneCallAndAgainIsNothingNew() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Run r = run(f);
            finishAll(f, r, new String[]{"base.txt", "base\n"}, new String[]{"notes.txt", "notes\n"});

            PlanMerge.Outcome o = merge(f, r.session(), false);

            assertEquals(List.of("01-base-file merged", "03-notes merged", "02-second-layer merged"), states(o));
            assertNull(o.stoppedAt());
            assertEquals("main", o.into());
            assertEquals(List.of("README.md", "base.txt", "layer.txt", "notes.txt"),
                    f.git("ls-tree", "--name-only", "main").lines().sorted().toList());
            for (String subject : f.git("log", "--format=%s", "main").lines().filter(s -> s.startsWith("Merge ")).toList()) {
                assertFalse(subject.contains("#") || subject.contains("**"), "a plain subject: " + subject);
            }
            assertTrue(f.git("log", "--format=%s", "main").contains("Merge impl/greeting/02-second-layer: Second layer"),
                    f.git("log", "--format=%s", "main"));

            PlanMerge.Outcome again = merge(f, r.session(), false);
            assertEquals(3, again.count(State.ALREADY_MERGED), states(again).toString());
        }
    }

    @Test
    void aDryRunForecastsEachTaskOnWhatTheOnesBeforeItWouldLeaveAndChangesNothing() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Run r = run(f);
            finishAll(f, r, new String[]{"README.md", "one\n"}, new String[]{"README.md", "three\n"});
            String before = f.git("rev-parse", "main");

            PlanMerge.Outcome o = merge(f, r.session(), true);

            assertEquals(List.of("01-base-file would_merge", "03-notes would_conflict", "02-second-layer would_merge"),
                    states(o), "each alone merges cleanly into main; after 01, 03 conflicts");
            assertEquals(List.of("README.md"), o.tasks().get(1).conflicts());
            assertEquals(List.of("layer.txt"), o.tasks().get(2).files(), "02 builds on 01: only its own file is new then");
            assertEquals(before, f.git("rev-parse", "main"));
            assertEquals("# test project\n", f.git("show", "main:README.md"));
        }
    }

    @Test
    void aRefusalStopsThereWithNothingOfItMergedAndCallingAgainGoesOnFromThere() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Run r = run(f);
            finishAll(f, r, new String[]{"README.md", "one\n"}, new String[]{"README.md", "three\n"});

            PlanMerge.Outcome o = merge(f, r.session(), false);

            assertEquals(List.of("01-base-file merged", "03-notes refused", "02-second-layer not_tried"), states(o));
            assertEquals("03-notes", o.stoppedAt());
            assertTrue(o.tasks().get(1).why().contains("conflicts in README.md"), o.tasks().get(1).why());
            String afterFirst = f.git("rev-parse", "main");
            assertEquals("one\n", f.git("show", "main:README.md"), "the target as 01 left it");
            assertEquals("", f.git("status", "--porcelain"), "nothing half-applied in the checkout");
            assertTrue(f.git("branch", "--list", "impl/*").contains("impl/greeting/03-notes"), "the refused task's work stays");

            // the conflict resolved on the task's branch, as a person or a conflict round would
            f.agentWrites(r.jobs().get("3"), "README.md", "one\n");
            f.agentWrites(r.jobs().get("3"), "notes.txt", "notes\n");
            f.commitInWorktree(r.jobs().get("3"), "take main's README");
            PlanMerge.Outcome again = merge(f, r.session(), false);

            assertEquals(List.of("01-base-file already_merged", "03-notes merged", "02-second-layer merged"), states(again));
            assertNotEquals(afterFirst, f.git("rev-parse", "main"));
            assertEquals(List.of("README.md", "layer.txt", "notes.txt"),
                    f.git("ls-tree", "--name-only", "main").lines().sorted().toList());
        }
    }

    @Test
    void unfinishedAndFailedTasksAreSkippedAndNamedAndTheSummarySaysWhy() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Run r = run(f);
            f.agentPid(r.jobs().get("3"));
            f.agentExits(r.jobs().get("3"), "could not\n", 1);
            finish(f, r.jobs().get("1"), "base.txt", "base\n");
            f.agentPid(r.jobs().get("2"));

            Summarizing.PlanSummary s = f.engine.summarizing().planSummary(r.session(), 1500).orElseThrow();
            assertTrue(s.active() && s.failed(), s.markdown());
            assertTrue(s.markdown().contains("01-base-file · " + r.jobs().get("1") + " · succeeded · base.txt +1 -0"),
                    s.markdown());
            assertTrue(s.markdown().contains("- 03-notes (" + r.jobs().get("3") + "): "), s.markdown());
            assertTrue(s.markdown().contains("Next: job_status {session: \"" + r.session() + "\", wait: \"all\"}"),
                    s.markdown());

            PlanMerge.Outcome o = merge(f, r.session(), false);

            assertEquals(List.of("01-base-file merged", "03-notes skipped", "02-second-layer skipped"), states(o));
            assertTrue(o.tasks().get(1).why().startsWith("failed"), o.tasks().get(1).why());
            assertEquals("still running", o.tasks().get(2).why());
            assertNull(o.stoppedAt());
            f.engine.cancelling().cancel(r.jobs().get("2"));
        }
    }

    @Test
    void theSummaryIsBoundedAndPointsAtTheMergeOnceAllEnded() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Run r = run(f);
            finishAll(f, r, new String[]{"base.txt", "base\n"}, new String[]{"notes.txt", "notes\n"});

            String md = f.engine.summarizing().planSummary(r.session(), 1500).orElseThrow().markdown();
            assertTrue(md.startsWith("## Plan " + r.session() + ": 3 tasks, 3 succeeded\n"), md);
            assertTrue(md.endsWith("Next: merge_worktree {session: \"" + r.session() + "\"} merges the 3 finished tasks "
                    + "in wave order (dry_run: true forecasts)."), md);
            assertTrue(f.job(r.jobs().get("2")).state().summaryRead(), "read with the plan");
            String small = f.engine.summarizing().planSummary(r.session(), 200).orElseThrow().markdown();
            assertTrue(small.length() <= 200 && small.contains("more tasks"), small);
        }
    }

    @Test
    void anUnknownSessionIsOneLineAndChangesNothing() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Refusal e = assertThrows(Refusal.class, () -> merge(f, "20990101-000000_nope", false));
            assertEquals("unknown plan session \"20990101-000000_nope\": pass the session decompose_plan answered with",
                    e.getMessage());
            assertTrue(f.engine.summarizing().planSummary("20990101-000000_nope", 1500).isEmpty());
        }
    }
}
