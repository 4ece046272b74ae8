package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.Await;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Engine;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.core.WorktreeGc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The project's setup, run in a new worktree before the agent (a failure ends the job with the end
 * of its log, masked), and its teardown, run in a worktree before it is removed.
 */
class SetupAndTeardownTest {
    private static final String SETUP = "\"worktree\": {\"setup\": [\"bash\", \"setup-me\"]}";

    @TempDir
    Path dir;

    private static long setup(EngineFixture f) {
        return Await.value("the setup starts", Duration.ofSeconds(20),
                () -> f.processes.newestEndingWith("setup-me").orElse(-1L), pid -> pid > 0 && f.processes.alive(pid));
    }

    private static List<String> steps(Job j) {
        return j.state().steps().stream().map(s -> s.name() + "/" + s.round() + " " + s.outcome()).toList();
    }

    @Test
    void aSetupThatFailsEndsTheJobWithTheEndOfItsLogMaskedAndTheAgentNeverStarts() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            long setup = setup(f);
            assertEquals(f.job(id).workspace().path(), f.processes.spec(setup).workdir(), "at the worktree's top");
            assertEquals(id, f.processes.spec(setup).env().get("BG_AGENTS_JOB"));
            assertEquals("starting: setup `bash setup-me`", f.engine.watching().activity(f.job(id)));
            int launchedBefore = f.processes.launched().size();
            f.processes.exit(setup, "generating client\nusing key sk-ant-api03-" + "a".repeat(40) + "\nERROR: protoc not found\n", 2);
            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertTrue(end.state().reason().matches("setup `bash setup-me` exited 2 \\([0-9.]+ s\\): the agent did not start"),
                    end.state().reason());
            assertEquals(launchedBefore, f.processes.launched().size(), "no agent was started");
            assertEquals(List.of("prepare/0 checked out", "setup/0 failed"), steps(end));
            String summary = f.engine.summarizing().summary(f.job(id), 1500).markdown();
            assertTrue(summary.contains("Bootstrap: setup `bash setup-me` exited 2"), summary);
            assertTrue(summary.contains("ERROR: protoc not found") && summary.contains("generating client"), summary);
            assertFalse(summary.contains("a".repeat(40)), "the key in its log is masked: " + summary);
        }
    }

    @Test
    void aSetupThatPassesIsOnRecordBeforeTheAgent() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.processes.exit(setup(f), "ok\n", 0);
            Job end = f.agentExits(id, "done\n", 0);
            assertEquals(JobStatus.SUCCEEDED, end.status());
            assertEquals(List.of("prepare/0 checked out", "setup/0 passed", "agent/0 succeeded", "seal/0 no commits"), steps(end));
            assertEquals("ok\n", Files.readString(f.engine.store().files(id).setupLog()));
            String summary = f.engine.summarizing().summary(f.job(id), 1500).markdown();
            assertTrue(summary.matches("(?s).*Bootstrap: setup `bash setup-me` passed \\([0-9.]+ s\\).*"), summary);
        }
    }

    @Test
    void theSpawnSaysWhatTheWorktreeWillGetAndTheSummaryWhatItGot() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            f.commit("npm", Map.of(".gitignore", ".env\nnode_modules/\n", "package-lock.json", "{}\n"));
            Files.writeString(f.project.resolve(".worktreeinclude"), ".env\n");
            Files.writeString(f.project.resolve(".env"), "A=1\n");
            Files.createDirectories(f.project.resolve("node_modules/a"));
            var started = f.engine.spawning().spawn(SpawnRequest.prompt("work").build());
            assertTrue(started.notes().contains("bootstrap before the agent: copies the ignored files named in "
                    + ".worktreeinclude; node_modules from the checkout if package-lock.json matches; setup `bash setup-me`"),
                    started.notes().toString());
            String id = started.job().id();
            f.processes.exit(setup(f), "ok\n", 0);
            f.agentExits(id, "done\n", 0);
            String summary = f.engine.summarizing().summary(f.job(id), 1500).markdown();
            assertTrue(summary.matches("(?s).*\nBootstrap: node_modules (cloned \\(copy-on-write\\)|copied) from the checkout in "
                    + "[0-9.]+ s; copied .env; setup `bash setup-me` passed \\([0-9.]+ s\\)\n.*"), summary);
        }
    }

    @Test
    void aCancelDuringTheSetupStopsItAndTheAgentNeverStarts() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            long setup = setup(f);
            int launchedBefore = f.processes.launched().size();
            Job cancelled = f.engine.cancelling().cancel(id);
            assertEquals(JobStatus.CANCELLED, cancelled.status());
            assertFalse(f.processes.alive(setup), "answered once the setup is stopped");
            assertEquals(List.of("prepare/0 checked out", "setup/0 interrupted"), steps(cancelled));
            assertEquals(launchedBefore, f.processes.launched().size(), "no agent was started");
        }
    }

    @Test
    void aSetupThatFailedJustBeforeItsServerDiedStillFailsTheJobOnTheNext() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.processes.exit(setup(f), "boom\n", 2);
            Job ended = f.awaitEnd(id);
            f.engine.close();
            // as a server that died between the setup's end and the job's leaves it: queued, its slot taken
            f.engine.store().updateState(id, s -> new JobState(JobStatus.QUEUED, null, null, 0, 0, null, null, null, null,
                    false, Instant.now(), null, null, ended.state().steps()));
            try (Engine next = f.anotherServer()) {
                next.start();
                Job again = Await.value(id + " ends on the next server", Duration.ofSeconds(20),
                        () -> next.store().get(id).orElseThrow(), j -> j.status().isTerminal());
                assertEquals(JobStatus.FAILED, again.status());
                assertEquals(ended.state().reason(), again.state().reason());
                assertEquals(List.of("prepare/0 checked out", "setup/0 failed"), steps(again), "no agent ran");
            }
            f.engine.store().refresh(id); // the first server's view, which the fixture waits on as it closes
        }
    }

    @Test
    void aResumedJobContinuesItsWorktreeWithoutASecondSetup() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, SETUP)) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.processes.exit(setup(f), "ok\n", 0);
            f.agentExits(id, "done\n", 0);
            String next = f.engine.resuming().resume(new Resuming.Request(id, "more", null, null)).started().job().id();
            f.agentPid(next);
            assertEquals(1, f.processes.launched().stream().filter(pid -> f.processes.spec(pid).argv().contains("setup-me")).count());
        }
    }

    /** A teardown that writes where it ran and what it found there. */
    private static String teardown(Path witness) {
        return "\"worktree\": {\"teardown\": [\"sh\", \"-c\", \"echo \\\"$PWD $BG_AGENTS_JOB\\\" >> " + witness
                + "; ls >> " + witness + "; echo torn down\"]}";
    }

    @Test
    void theTeardownRunsInTheWorktreeBeforeAMergeRemovesIt() throws Exception {
        Path witness = dir.resolve("witness.txt");
        try (EngineFixture f = new EngineFixture(dir, teardown(witness))) {
            Job j = f.succeededWriting("a.txt", "a\n");
            Path tree = j.workspace().path();
            f.merge(MergeRequest.of(j.id()).cleanup());
            assertFalse(Files.exists(tree), "removed");
            assertEquals(List.of(tree + " " + j.id(), "README.md", "a.txt"), Files.readAllLines(witness),
                    "run in the worktree while it was still there");
            assertEquals("torn down\n", Files.readString(f.engine.store().files(j.id()).teardownLog()));
        }
    }

    @Test
    void theTeardownRunsBeforeGcRemovesAWorktree() throws Exception {
        Path witness = dir.resolve("witness.txt");
        try (EngineFixture f = new EngineFixture(dir, teardown(witness))) {
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.agentPid(id);
            f.engine.cancelling().cancel(id);
            Path tree = f.job(id).workspace().path();
            WorktreeGc.run(f.engine.store(), Duration.ZERO, false, new Bootstraps(f.engine.config().worktree(), f.engine.store()));
            assertFalse(Files.exists(tree), "removed");
            assertEquals(tree + " " + id, Files.readAllLines(witness).get(0));
        }
    }
}
