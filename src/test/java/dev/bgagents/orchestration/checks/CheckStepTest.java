package dev.bgagents.orchestration.checks;

import dev.bgagents.Await;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The checks room in the engine, with a fake process table: the check starts once the agent ends
 * well; a pass succeeds the job; a failure with fix attempts left starts a fix round in the agent's
 * session, whose end is checked again; out of fixes, the job fails saying how the check went.
 */
class CheckStepTest {
    @TempDir
    Path dir;

    private static Spawning.Request checked(String prompt, int fixAttempts) {
        return SpawnRequest.prompt(prompt).permissions(Permissions.FULL).verify("unit", fixAttempts).build();
    }

    private static List<String> steps(Job j) {
        return j.state().steps().stream().map(s -> s.name() + "/" + s.round() + " " + s.outcome()).toList();
    }

    /** The check's process, once the engine has started it. */
    private long check(EngineFixture f) {
        return Await.value("the check starts", Duration.ofSeconds(10),
                () -> f.processes.newestEndingWith("check-me").orElse(-1L), pid -> pid > 0 && f.processes.alive(pid));
    }

    @Test
    void aFailingCheckStartsAFixRoundAndAPassingOneSucceedsTheJob() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}")) {
            String id = f.engine.spawning().spawn(checked("make it pass", 1)).job().id();
            f.agentPid(id);
            f.agentWrites(id, "fix.txt", "first try\n");
            f.processes.exit(f.agentPid(id), "did it\n", 0);
            long first = check(f);
            f.processes.exit(first, "1 test failed: expected 2, got 3\n", 1);
            Job fixing = Await.value("a fix round starts", Duration.ofSeconds(10), () -> f.job(id),
                    j -> j.state().verification() != null && j.state().verification().fixes() == 1
                            && f.processes.alive(j.state().pid()));
            assertEquals(JobStatus.RUNNING, fixing.status(), "the host sees one job throughout");
            assertTrue(Files.readString(f.engine.store().files(id).fixPrompt(1)).contains("expected 2, got 3"),
                    "the fix prompt quotes the failure");
            f.processes.exit(fixing.state().pid(), "fixed\n", 0);
            long second = Await.value("the check runs again", Duration.ofSeconds(10),
                    () -> f.processes.newestEndingWith("check-me").orElse(-1L), pid -> pid != first && f.processes.alive(pid));
            f.processes.exit(second, "all passed\n", 0);
            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.SUCCEEDED, end.status());
            assertEquals(List.of("prepare/0 checked out", "agent/0 succeeded", "seal/0 1 commits", "check/0 fix 1",
                    "agent/1 succeeded", "seal/1 1 commits", "check/1 passed"), steps(end));
            assertTrue(end.state().steps().stream().allMatch(StepRecord::ended));
        }
    }

    @Test
    void outOfFixesTheJobFailsSayingHowTheCheckWent() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}")) {
            String id = f.engine.spawning().spawn(checked("make it pass", 0)).job().id();
            f.processes.exit(f.agentPid(id), "did it\n", 0);
            f.processes.exit(check(f), "boom\n", 2);
            f.baseCheckExits(id, "all passed on the base\n", 0);
            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertEquals("verification failed: `bash check-me` exited 2", end.state().reason());
            assertEquals("boom", end.state().verification().tail());
        }
    }

    @Test
    void anAgentThatFailedIsNotChecked() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}")) {
            String id = f.engine.spawning().spawn(checked("make it pass", 1)).job().id();
            Job end = f.agentExits(id, "gave up\n", 1);
            assertEquals(JobStatus.FAILED, end.status());
            assertTrue(f.processes.newestEndingWith("check-me").isEmpty(), "no check ran");
            assertFalse(steps(end).stream().anyMatch(s -> s.startsWith("check")), steps(end).toString());
        }
    }
}
