package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * spawn_agent as the host reaches it, carried out: where the job works (its own branch, or the
 * checkout itself), when it starts (at once, or after the jobs it depends on succeed, on their
 * work), and what the host is told beside the id.
 */
class SpawnerTest extends EngineTest {
    private Spawning.Started spawn(SpawnRequest r) {
        return f.engine.spawning().spawn(r.build());
    }

    private String tip(String rev) throws Exception {
        return f.git("rev-parse", rev).strip();
    }

    @Test
    void aWorktreeJobHasItsBranchAtHeadAtOnce() throws Exception {
        Job job = spawn(SpawnRequest.prompt("add a file")).job();
        assertEquals("bg/" + job.id(), job.workspace().branch());
        assertEquals(tip("HEAD"), tip("bg/" + job.id()), "its starting point fixed before it runs");
        f.agentPid(job.id());
        assertTrue(Files.isRegularFile(f.job(job.id()).workspace().path().resolve("README.md")), "checked out");
        assertNotEquals(f.project, f.job(job.id()).workspace().path());
    }

    @Test
    void aBaseNamesWhereTheBranchStarts() throws Exception {
        String init = tip("HEAD");
        Files.writeString(f.project.resolve("later.txt"), "later\n");
        f.git("add", "later.txt");
        f.git("commit", "-q", "-m", "later");
        Job job = spawn(SpawnRequest.prompt("from the first commit").base(init)).job();
        assertEquals(init, tip("bg/" + job.id()));
        f.agentPid(job.id());
        assertFalse(Files.exists(f.job(job.id()).workspace().path().resolve("later.txt")));
    }

    @Test
    void aJobInASubdirectoryWorksInTheSamePlaceOfItsWorktree() throws Exception {
        Files.createDirectories(f.project.resolve("web/src"));
        Files.writeString(f.project.resolve("web/src/app.js"), "//\n");
        f.git("add", "web");
        f.git("commit", "-q", "-m", "web");
        String id = spawn(SpawnRequest.prompt("fix the app").workdir("web")).job().id();
        long pid = f.agentPid(id);
        Path workdir = f.processes.spec(pid).workdir();
        assertEquals(f.job(id).workspace().path().resolve("web"), workdir);
        assertTrue(Files.isRegularFile(workdir.resolve("src/app.js")));
    }

    @Test
    void worktreeFalseRunsInPlaceWithNoBranch() throws Exception {
        Spawning.Started s = spawn(SpawnRequest.prompt("look around").inPlace());
        assertNull(s.job().workspace());
        assertEquals(f.project, f.processes.spec(f.agentPid(s.job().id())).workdir());
        assertEquals(List.of(), f.jobBranches());
    }

    @Test
    void aTaskFileIsThePrompt() throws Exception {
        Files.writeString(f.project.resolve("task.md"), "# Task\n\nRename foo to bar.\n");
        String id = spawn(SpawnRequest.noPrompt().taskFile("task.md")).job().id();
        assertEquals("# Task", f.job(id).spec().title());
        assertEquals("# Task\n\nRename foo to bar.\n", Files.readString(f.engine.store().files(id).prompt()));
    }

    @Test
    void aJobDependingOnARunningOneIsQueuedThenStartsOnItsWork() throws Exception {
        String first = spawn(SpawnRequest.prompt("write the model")).job().id();
        f.agentPid(first);
        Spawning.Started then = spawn(SpawnRequest.prompt("use the model").dependsOn(first, first));
        String second = then.job().id();
        assertEquals(JobStatus.QUEUED, then.job().status());
        assertEquals(List.of(first), then.job().spec().relations().dependsOn(), "each dependency once");
        assertFalse(f.jobBranches().contains("bg/" + second), "its branch waits for the work it builds on");

        f.agentWrites(first, "model.py", "class Model: pass\n");
        f.agentExits(first, "done\n", 0);
        f.agentPid(second);
        Job started = f.job(second);
        assertEquals(JobStatus.RUNNING, started.status());
        assertEquals("class Model: pass\n", Files.readString(started.workspace().path().resolve("model.py")));
        f.git("merge-base", "--is-ancestor", "bg/" + first, "bg/" + second);
    }

    @Test
    void aJobDependingOnASucceededOneStartsAtOnceOnItsWork() throws Exception {
        Job first = f.succeededWriting("model.py", "class Model: pass\n");
        String second = spawn(SpawnRequest.prompt("use the model").dependsOn(first.id())).job().id();
        f.agentPid(second);
        assertTrue(Files.exists(f.job(second).workspace().path().resolve("model.py")));
    }

    @Test
    void aJobDependingOnOneThatFailsIsCancelledWithoutABranch() throws Exception {
        String first = spawn(SpawnRequest.prompt("write the model")).job().id();
        String second = spawn(SpawnRequest.prompt("use the model").dependsOn(first)).job().id();
        f.agentExits(first, "cannot\n", 1);
        Job cancelled = f.awaitEnd(second);
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertEquals("blocked by job " + first + " (failed)", cancelled.state().reason());
        assertFalse(f.jobBranches().contains("bg/" + second));
    }

    /** Two jobs, each in a workdir ("" the project's top) declaring a file; the overlap the second one's notes name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the same file           |     | src/a.py   |     | src/a.py         | src/a.py",
            "written with ./         |     | src/a.py   |     | ./src/a.py       | src/a.py",
            "written with ..         |     | src/a.py   |     | docs/../src/a.py | src/a.py",
            "from a subdirectory     | web | src/app.js |     | web/src/app.js   | web/src/app.js",
            "the same name elsewhere | web | src/app.js | api | src/app.js       |",
            "other files             |     | src/a.py   |     | src/b.py         |"})
    void notesNameAnOverlapWhenTwoJobsDeclareTheSameFile(String what, String firstDir, String firstFile,
                                                         String secondDir, String secondFile, String shared)
            throws Exception {
        Files.createDirectories(f.project.resolve("web"));
        Files.createDirectories(f.project.resolve("api"));
        String first = spawn(SpawnRequest.prompt("refactor").workdir(firstDir).files(firstFile, "README.md")).job().id();
        Spawning.Started second = spawn(SpawnRequest.prompt("fix a bug").workdir(secondDir).files(secondFile));
        assertEquals(shared == null ? List.of() : List.of("overlaps " + first + " on " + shared), second.notes());
    }

    @Test
    void notesSayWhereTheTaskFallsBack() {
        Spawning.Started s = spawn(SpawnRequest.prompt("do it").fallback("other", "agent", "other", "third"));
        assertEquals(List.of("falls back to other, third if agent cannot serve it"), s.notes());
        assertEquals(List.of("other", "third"), s.job().spec().relations().fallback());
    }

    @Test
    void anAskJobFallsBackOnlyToCLIsThatCanAsk() {
        Spawning.Started s = spawn(SpawnRequest.prompt("do it").provider("claude")
                .permissions(dev.bgagents.agents.Permissions.ASK).fallback("other", "third"));
        assertEquals(List.of("fallback leaves out other, third (cannot ask)"), s.notes());
        assertEquals(List.of(), s.job().spec().relations().fallback());
    }

    @Test
    void anAskJobIsRefusedOnAClusterItsRelayCouldNotReachAPersonFrom(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (dev.bgagents.orchestration.EngineFixture k = new dev.bgagents.orchestration.EngineFixture(dir, "\"runners\": {\"kubernetes\": {\"context\": \"mock\", "
                + "\"namespace\": \"agents\", \"image\": \"agent:1\", \"remote\": \"git://127.0.0.1/project\"}}")) {
            List<String> before = k.footprint();
            var r = org.junit.jupiter.api.Assertions.assertThrows(dev.bgagents.orchestration.api.Refusal.class,
                    () -> k.engine.spawning().spawn(SpawnRequest.prompt("do it").provider("claude")
                            .permissions(dev.bgagents.agents.Permissions.ASK).runner("kubernetes").build()));
            assertEquals("permissions ask needs the job's relay on this machine, and a pod on kubernetes has no channel "
                    + "back to a person: run it locally, or use workspace-write", r.getMessage());
            assertEquals(before, k.footprint(), "nothing made");
        }
    }
}
