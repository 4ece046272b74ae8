package dev.bgagents.orchestration.plans;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Plans in the engine, with a fake process table: a markdown plan decomposed into tasks and waves,
 * then run whole, one task or one wave at a time — refused when a task's dependencies have not run,
 * skipping what already ran — and its summary.md as the tasks end.
 */
class PlansTest {
    static final String PLAN = """
            # Greeting

            ## Tasks

            1. **Base file**: write base.txt
               Provider: agent
            2. **Second layer**: write layer.txt over base.txt
               Depends on: 1
               Provider: agent
            3. **Notes**: write notes.txt
               Provider: other
            """;

    @TempDir
    Path dir;

    private static Planning.Decomposed decompose(EngineFixture f) {
        return f.engine.planning().decompose(new Planning.Request(PLAN, null, null, "greeting", null));
    }

    private static Spawning.PlanStarted run(EngineFixture f, String session, String task, Integer wave) {
        return f.engine.spawning().runPlan(new Spawning.PlanRequest(session, task, wave, null, null, null, null, null, null,
                null, null));
    }

    private static Map<String, Spawning.TaskJob> byTask(Spawning.PlanStarted s) {
        return s.jobs().stream().collect(Collectors.toMap(Spawning.TaskJob::taskId, t -> t));
    }

    private static List<String> planBranches(EngineFixture f) throws Exception {
        return f.git("for-each-ref", "--format=%(refname:short)", "refs/heads/impl/").lines().toList();
    }

    @Test
    void aMarkdownPlanBecomesTasksInWavesEachWithItsTaskFile() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Planning.Decomposed d = decompose(f);

            PlanStatus p = d.plan();
            assertTrue(p.session().matches("\\d{8}-\\d{6}_greeting"), p.session());
            assertEquals(List.of(List.of("1", "3"), List.of("2")), p.waves());
            assertEquals(List.of("Base file", "Second layer", "Notes"), p.tasks().stream().map(PlanTask::title).toList());
            assertEquals(List.of("agent", "agent", "other"), p.tasks().stream().map(PlanTask::provider).toList());
            assertEquals(List.of("1"), p.task("2").orElseThrow().dependsOn());
            Path session = f.project.resolve(d.dir());
            for (PlanTask t : p.tasks()) {
                assertTrue(Files.readString(session.resolve(t.taskFile())).contains(t.title()), t.taskFile());
            }
            assertTrue(Files.readString(session.resolve("summary.md")).contains("3 tasks in 2 waves: 3 not run."));
            assertEquals(List.of(), f.jobDirs(), "decomposing starts nothing");
        }
    }

    @Test
    void runningThePlanStartsTheFirstWaveAndHoldsTheSecondUntilItsDependencySucceeds() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();

            Map<String, Spawning.TaskJob> jobs = byTask(run(f, session, null, null));

            assertEquals(List.of("1", "2", "3"), jobs.keySet().stream().sorted().toList());
            assertTrue(jobs.get("2").waiting() && jobs.get("2").forDependencies());
            assertFalse(jobs.get("1").waiting() || jobs.get("3").waiting());
            assertEquals("other", jobs.get("3").job().spec().provider());
            assertEquals(List.of("impl/greeting/01-base-file", "impl/greeting/03-notes"), planBranches(f),
                    "the waiting task's branch is made when it starts");
            String first = jobs.get("1").job().id();
            f.agentPid(first);
            f.agentWrites(first, "base.txt", "base\n");
            f.agentExits(first, "wrote base.txt\n", 0);
            String second = jobs.get("2").job().id();
            f.agentPid(second);
            Job started = f.job(second);
            assertEquals("impl/greeting/02-second-layer", started.workspace().branch());
            assertEquals("base\n", Files.readString(started.workspace().path().resolve("base.txt")),
                    "the second wave starts on the first one's work");
        }
    }

    @ParameterizedTest(name = "task_id {0}")
    @ValueSource(strings = {"3", "03", "03-notes"})
    void oneTaskRunsAlone(String taskId) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();

            Spawning.PlanStarted s = run(f, session, taskId, null);

            assertEquals(List.of("3"), s.jobs().stream().map(Spawning.TaskJob::taskId).toList());
            assertEquals(List.of(s.jobs().get(0).job().id()), f.jobDirs());
            f.agentPid(s.jobs().get(0).job().id());
        }
    }

    @Test
    void oneWaveRunsItsTasks() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();

            Spawning.PlanStarted s = run(f, session, null, 1);

            assertEquals(List.of("1", "3"), s.jobs().stream().map(Spawning.TaskJob::taskId).toList());
            s.jobs().forEach(t -> f.agentPid(t.job().id()));
        }
    }

    @ParameterizedTest(name = "task_id {0}, wave {1}")
    @CsvSource(nullValues = "-", textBlock = """
            2, -
            -, 2""")
    void aTaskWhoseDependencyHasNotRunIsRefusedWithNothingCreated(String taskId, Integer wave) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Planning.Decomposed d = decompose(f);
            String status = Files.readString(f.project.resolve(d.dir()).resolve("status.json"));

            Refusal r = assertThrows(Refusal.class, () -> run(f, d.plan().session(), taskId, wave));

            assertEquals("task 2 depends on task 1, which has not run: run it first, or the whole plan (session alone)",
                    r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), planBranches(f));
            assertEquals(status, Files.readString(f.project.resolve(d.dir()).resolve("status.json")));
        }
    }

    @Test
    void fixAttemptsWithNothingToCheckAreRefusedWithNothingCreated() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();
            Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().runPlan(new Spawning.PlanRequest(session,
                    null, null, null, null, null, null, null, null, 1, null)));
            assertTrue(r.getMessage().startsWith("fix_attempts needs a check: "), r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), planBranches(f));
        }
    }

    @Test
    void aPlanOnAClusterNoneIsConfiguredForIsRefusedWithNothingCreated() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();
            Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().runPlan(new Spawning.PlanRequest(session,
                    null, null, null, null, null, null, null, null, null, null, null, "kubernetes")));
            assertTrue(r.getMessage().startsWith("runner kubernetes needs runners.kubernetes"), r.getMessage());
            assertEquals(List.of(), f.jobDirs());
            assertEquals(List.of(), planBranches(f));
        }
    }

    @Test
    void aTaskWhosePlanNamesAClusterNoneIsConfiguredForIsRefusedBeforeAnyStarts() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = f.engine.planning().decompose(new Planning.Request("""
                    # Two

                    ## Tasks

                    1. **Alpha**: write alpha.txt
                       Provider: agent
                    2. **Beta**: write beta.txt
                       Provider: agent
                       Runner: kubernetes
                    """, null, null, "two", null)).plan().session();
            Refusal r = assertThrows(Refusal.class, () -> run(f, session, null, null));
            assertTrue(r.getMessage().startsWith("runner kubernetes needs runners.kubernetes"), r.getMessage());
            assertEquals(List.of(), f.jobDirs(), "not even the task that would run here");
        }
    }

    @Test
    void aTaskWhoseDependencyFailedIsRefusedSayingToRunThatAgain() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();
            String first = run(f, session, "1", null).jobs().get(0).job().id();
            assertEquals(JobStatus.FAILED, f.agentExits(first, "could not\n", 1).status());

            Refusal r = assertThrows(Refusal.class, () -> run(f, session, "2", null));

            assertEquals("task 2 depends on task 1, whose job " + first + " failed: run task 1 again first",
                    r.getMessage());
        }
    }

    @Test
    void tasksThatRanOrRunAreSkippedAndAFailedOneRunsAgain() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = decompose(f).plan().session();
            String first = run(f, session, "1", null).jobs().get(0).job().id();
            String notes = run(f, session, "3", null).jobs().get(0).job().id();
            f.agentPid(first);
            assertEquals(JobStatus.FAILED, f.agentExits(notes, "could not\n", 1).status());

            Spawning.PlanStarted again = run(f, session, null, null);

            assertEquals(List.of("1 (" + first + " running)"), again.skipped());
            Map<String, Spawning.TaskJob> jobs = byTask(again);
            assertEquals(List.of("2", "3"), jobs.keySet().stream().sorted().toList());
            assertNotEquals(notes, jobs.get("3").job().id());
            assertEquals(List.of(first), jobs.get("2").job().spec().relations().dependsOn());
            f.agentPid(jobs.get("3").job().id());

            Refusal r = assertThrows(Refusal.class, () -> run(f, session, "1", null));
            assertEquals("nothing to run: every chosen task already has a job (1 (" + first + " running)); job_status "
                    + "shows them", r.getMessage());
        }
    }

    @Test
    void theSummaryTablesEveryTaskAsItsJobEnded() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Planning.Decomposed d = decompose(f);
            Map<String, Spawning.TaskJob> jobs = byTask(run(f, d.plan().session(), null, null));
            String base = jobs.get("1").job().id();
            String notes = jobs.get("3").job().id();
            String layer = jobs.get("2").job().id();
            f.agentPid(base);
            f.agentWrites(base, "base.txt", "base\n");
            f.agentExits(base, "Wrote base.txt.\n", 0);
            f.agentPid(layer);
            f.agentExits(notes, "", 1);
            Path summary = f.project.resolve(d.dir()).resolve("summary.md");

            String md = Files.readString(summary);

            assertTrue(md.startsWith("# Plan " + d.plan().session() + ": Greeting\n\n3 tasks in 2 waves: 1 running, "
                    + "1 succeeded, 1 failed.\n"), md);
            assertTrue(md.contains("| 1 | 01-base-file | agent | " + base + " | succeeded | 1 file |  |\n"), md);
            assertTrue(md.contains("| 1 | 03-notes | other | " + notes + " | failed | 0 files |  |\n"), md);
            assertTrue(md.contains("| 2 | 02-second-layer | agent | " + layer + " | running |  |  |\n"), md);
            assertTrue(md.contains("- 01-base-file: succeeded — Wrote base.txt.\n"), md);
            assertTrue(md.contains("- 03-notes: failed — exited 1 without a result\n"), md);
            assertTrue(md.endsWith("## Next\n\nJobs are still running: job_status {session: \"" + d.plan().session()
                    + "\", wait: \"all\"} returns when they end.\n"), md);
            assertTrue(Files.readString(f.project.resolve(d.dir()).resolve("01-base-file-result.md"))
                    .contains("Wrote base.txt."));

            f.agentExits(layer, "Nothing to add.\n", 0);
            md = Files.readString(summary);
            assertTrue(md.contains("3 tasks in 2 waves: 2 succeeded, 1 failed.\n"), md);
            assertTrue(md.contains("| 2 | 02-second-layer | agent | " + layer + " | succeeded | 0 files |  |\n"), md);
            String session = "{session: \"" + d.plan().session() + "\"}";
            assertTrue(md.endsWith("## Next\n\nread_summary " + session + " says why each failed task failed; "
                    + "resume_session with a fix or run the task again (spawn_agent session + task_id); its cancelled "
                    + "dependents run again the same way. merge_worktree " + session + " merges the finished tasks in "
                    + "wave order.\n"), md);
        }
    }
}
