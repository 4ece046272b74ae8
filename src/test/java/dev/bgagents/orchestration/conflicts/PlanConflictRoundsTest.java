package dev.bgagents.orchestration.conflicts;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * merge_worktree {session, resolve: true}: two tasks of one wave that change the same lines both land —
 * the second through a conflict round in its own worktree — and the task that builds on the first is
 * merged once that round has landed, all from one call.
 */
class PlanConflictRoundsTest {
    private static final String PLAN = """
            # Greeting

            ## Tasks

            1. **Base file**: write greeting.txt
               Provider: agent
            2. **Second layer**: write layer.txt over greeting.txt
               Depends on: 1
               Provider: agent
            3. **Louder**: write greeting.txt louder
               Provider: other
            """;

    @TempDir
    Path dir;

    private static Map<String, String> run(EngineFixture f, String session) {
        Spawning.PlanStarted s = f.engine.spawning().runPlan(new Spawning.PlanRequest(session, null, null, null, null,
                null, null, null, null, null, null));
        return s.jobs().stream().collect(Collectors.toMap(Spawning.TaskJob::taskId, t -> t.job().id()));
    }

    private static void finish(EngineFixture f, String id, String file, String content) throws Exception {
        f.agentPid(id);
        f.agentWrites(id, file, content);
        f.agentExits(id, "Wrote " + file + ".\n", 0);
    }

    /** The plan run, tasks 1 and 3 having changed greeting.txt's one line each their way, task 2 on 1: its session. */
    private static String finished(EngineFixture f) throws Exception {
        f.commit("base", Map.of("greeting.txt", "hello\n"));
        String session = f.engine.planning().decompose(new Planning.Request(PLAN, null, null, "greeting", null))
                .plan().session();
        Map<String, String> jobs = run(f, session);
        finish(f, jobs.get("1"), "greeting.txt", "hello, world\n");
        finish(f, jobs.get("3"), "greeting.txt", "HELLO\n");
        finish(f, jobs.get("2"), "layer.txt", "layer\n");
        return session;
    }

    private static List<String> states(PlanMerge.Outcome o) {
        return o.tasks().stream().map(t -> t.stem() + " " + t.state().wire()).toList();
    }

    @Test
    void twoTasksOnTheSameLinesBothLandThroughOneRoundAndTheRestFollows() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = finished(f);
            String before = f.git("rev-parse", "main").strip();

            PlanMerge.Outcome o = f.engine.merging().mergePlan(new PlanMerge.Request(session, null, false, false, true,
                    false, true));

            assertEquals(List.of("01-base-file merged", "03-louder resolving", "02-second-layer not_tried"), states(o));
            assertNotNull(o.resolving(), "a round started for the task that conflicts");
            assertNotEquals(before, f.git("rev-parse", "main").strip(), "the first task is in");
            assertEquals("hello, world\n", f.git("show", "main:greeting.txt"), "nothing of the conflicting task yet");

            // the round's agent: both sides kept, committed in task 3's worktree
            String round = o.resolving();
            f.agentPid(round);
            f.agentWrites(round, "greeting.txt", "HELLO, WORLD\n");
            f.commitInWorktree(round, "resolve");
            f.processes.exit(f.agentPid(round), "resolved\n", 0);
            Job end = f.awaitEnd(round);
            assertEquals(JobStatus.SUCCEEDED, end.status(), end.state().reason());

            // by the round's end the rest of the plan is in: the task that builds on task 1, in wave order
            assertEquals("HELLO, WORLD\n", f.git("show", "main:greeting.txt"));
            assertEquals("layer\n", f.git("show", "main:layer.txt"));
            PlanMerge.Outcome again = f.engine.merging().mergePlan(new PlanMerge.Request(session, null, false, false,
                    true, false));
            assertTrue(again.tasks().stream().allMatch(t -> t.state() == PlanMerge.State.ALREADY_MERGED),
                    "every task is merged, none twice: " + states(again));
        }
    }

    @Test
    void withoutResolveTheConflictStopsThePlanAsBefore() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String session = finished(f);

            PlanMerge.Outcome o = f.engine.merging().mergePlan(new PlanMerge.Request(session, null, false, false, true,
                    false));

            assertEquals(List.of("01-base-file merged", "03-louder refused", "02-second-layer not_tried"), states(o));
            assertNull(o.resolving());
            assertEquals("03-louder", o.stoppedAt());
        }
    }
}
