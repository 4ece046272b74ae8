package dev.bgagents.runtime;

import dev.bgagents.Await;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.FakeProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The runtime with processes that are only bookkeeping: launching, finishing exactly once,
 * cancels racing exits, the lifecycle in order, and the queue decided again after each end.
 */
class JobRuntimeTest {
    @TempDir
    Path dir;

    private final FakeProcesses processes = new FakeProcesses();
    private final List<String> moments = new CopyOnWriteArrayList<>();
    private JobStore store;
    private JobRuntime runtime;

    private final JobLifecycle lifecycle = new JobLifecycle() {
        @Override
        public void started(Job job) {
            moments.add("started " + job.id());
        }

        @Override
        public JobState ending(Job job) {
            moments.add("ending " + job.id() + " " + job.status().wire() + " (record says " + store.get(job.id())
                    .orElseThrow().status().wire() + ")");
            return job.state();
        }

        @Override
        public void ended(Job job) {
            moments.add("ended " + job.id() + " " + job.status().wire());
        }
    };

    private JobRuntime runtime(int cap) throws IOException {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        AgentAdapters adapters = new TextAgents(Map.of("FROM_CONFIG", "1"));
        runtime = new JobRuntime(store, new JobRuntime.Settings(cap, Duration.ofMillis(100)), adapters, processes,
                lifecycle);
        runtime.start();
        return runtime;
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private Job submit(String id, String... dependsOn) throws IOException {
        return runtime.submit(JobFixtures.spec(id).workdir(dir.toString()).dependsOn(List.of(dependsOn)).build(),
                "do it", null);
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    private Job job(String id) {
        return store.get(id).orElseThrow();
    }

    @Test
    void aSubmittedJobIsLaunchedWithTheConfigsEnvironmentAndFinishedFromItsExit() throws Exception {
        runtime(6);
        Job started = submit("claude-000001");
        assertEquals(JobStatus.RUNNING, started.status());
        long pid = started.state().pid();
        assertEquals("1", processes.spec(pid).env().get("FROM_CONFIG"));
        processes.exit(pid, "all done\n", 0);
        // the end hook runs just after the record says ended: wait for the hook, not the record
        await("it ends", () -> moments.contains("ended claude-000001 succeeded"));
        Job ended = job("claude-000001");
        assertEquals(JobStatus.SUCCEEDED, ended.status());
        assertEquals(0, ended.state().exitCode());
        assertEquals("all done", ended.report().finalMessage());
        assertEquals(List.of("started claude-000001", "ending claude-000001 succeeded (record says running)",
                "ended claude-000001 succeeded"), moments, "files are written before the end is on record");
    }

    @Test
    void aJobIsFinishedExactlyOnce() throws Exception {
        runtime(6);
        submit("claude-000001");
        Job ended = runtime.cancel("claude-000001");
        assertEquals(JobStatus.CANCELLED, ended.status());
        assertEquals(ended, runtime.cancel("claude-000001"), "a second cancel changes nothing");
        JobRunner runner = new JobRunner(store, null, processes, lifecycle, new Ownership(), new JobRuntime.Settings(6, Duration.ZERO),
                Runnable::run, Runnable::run, () -> { });
        Job again = runner.recordEnd("claude-000001", ended.state().ended(JobStatus.SUCCEEDED, 0, null, Instant.now()),
                null, null);
        assertEquals(JobStatus.CANCELLED, again.status(), "an end on record is never replaced");
        assertEquals(1, moments.stream().filter(m -> m.startsWith("ended")).count());
    }

    @Test
    void aCancelRacingTheExitEndsTheJobOnceEitherWay() throws Exception {
        runtime(6);
        for (int i = 0; i < 20; i++) {
            String id = String.format("claude-%06x", i);
            long pid = submit(id).state().pid();
            Thread exit = new Thread(() -> {
                try {
                    processes.exit(pid, "", 0);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            exit.start();
            Job after = runtime.cancel(id);
            exit.join();
            await(id + " ends", () -> moments.stream().anyMatch(m -> m.startsWith("ended " + id)));
            assertTrue(List.of(JobStatus.CANCELLED, JobStatus.SUCCEEDED).contains(job(id).status()), job(id).status().wire());
            assertTrue(after.status().isTerminal());
            long ends = moments.stream().filter(m -> m.startsWith("ended " + id)).count();
            assertEquals(1, ends, id + " ended " + ends + " times");
        }
    }

    @Test
    void aProcessThatVanishedIsLostAndOneThatCouldNotStartFailed() throws Exception {
        runtime(6);
        long pid = submit("claude-000001").state().pid();
        processes.vanish(pid);
        await("lost", () -> job("claude-000001").status() == JobStatus.LOST);
        assertEquals("the agent's process vanished without an exit record", job("claude-000001").state().reason());
        processes.failLaunch = new IOException("no such program");
        Job failed = submit("claude-000002");
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("could not start: no such program", failed.state().reason());
    }

    @Test
    void theCapHoldsAndAnEndStartsTheNextInLine() throws Exception {
        runtime(1);
        Job first = submit("claude-000001");
        Job second = submit("claude-000002");
        assertEquals(JobStatus.QUEUED, second.status());
        assertEquals(1, runtime.running());
        processes.exit(first.state().pid(), "", 0);
        await("the second starts", () -> job("claude-000002").status() == JobStatus.RUNNING);
    }

    @Test
    void aDependentStartsAfterItsDependencySucceedsAndIsCancelledWhenOneFails() throws Exception {
        runtime(6);
        Job dep = submit("codex-000001");
        Job after = submit("claude-000002", "codex-000001");
        Job blocked = submit("claude-000003", "codex-000004");
        assertEquals(JobStatus.QUEUED, after.status());
        assertEquals(JobStatus.CANCELLED, job("claude-000003").status(), "a dependency that does not exist");
        assertEquals("blocked by job codex-000004 (gone)", job("claude-000003").state().reason());
        processes.exit(dep.state().pid(), "", 0);
        await("the dependent starts", () -> job("claude-000002").status() == JobStatus.RUNNING);
        Job third = submit("claude-000005", "claude-000002");
        processes.exit(job("claude-000002").state().pid(), "", 3);
        await("its dependent is cancelled", () -> job("claude-000005").status() == JobStatus.CANCELLED);
        assertEquals("blocked by job claude-000002 (failed)", job(third.id()).state().reason());
    }

    @Test
    void aWorktreeIsPreparedBeforeTheJobStartsAndAFailedPreparationFailsIt() throws Exception {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        runtime = new JobRuntime(store, new JobRuntime.Settings(6, Duration.ofMillis(100)), TextAgents.PLAIN, processes, new JobLifecycle() {
            @Override
            public Workspace prepare(Job job, List<Job> dependencies) throws Exception {
                if (job.id().endsWith("2")) {
                    throw new Exception("the branches conflict in a.py");
                }
                return job.workspace().at("0123456789abcdef0123456789abcdef01234567");
            }
        });
        runtime.start();
        Workspace planned = Workspace.planned(dir, dir.resolve("wt"), "bg/x", "main", List.of());
        runtime.submit(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "p", planned);
        runtime.submit(JobFixtures.spec("claude-000002").workdir(dir.toString()).build(), "p", planned);
        await("both decided", () -> job("claude-000001").status() == JobStatus.RUNNING
                && job("claude-000002").status() == JobStatus.FAILED);
        assertTrue(job("claude-000001").workspace().checkedOut());
        assertEquals("could not prepare its worktree: the branches conflict in a.py", job("claude-000002").state().reason());
        assertFalse(runtime.preparing("claude-000001"));
    }

    @Test
    void aRecordLeftRunningByADeadServerIsAttachedOnStart() throws Exception {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        Job j = store.create(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "p", null);
        var launched = processes.launch(new dev.bgagents.process.ProcessControl.LaunchSpec(List.of("x"), dir, null,
                store.files(j.id()).stdout(), store.files(j.id()).stderr(), store.files(j.id()).exit(), Map.of(), List.of()));
        store.updateState(j.id(), s -> s.running(launched.pid(), launched.startTicks(), Instant.now()));
        runtime(6);
        assertEquals(1, runtime.running(), "re-attached, not launched again");
        processes.exit(launched.pid(), "", 0);
        await("finished", () -> job("claude-000001").status() == JobStatus.SUCCEEDED);
        assertFalse(moments.contains("started claude-000001"));
    }

    /** A record a server left when it died between taking the job's slot and recording its pid. */
    private Job leftStarting(String id) throws IOException {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        Job j = store.create(JobFixtures.spec(id).workdir(dir.toString()).build(), "p", null);
        return store.updateState(j.id(), s -> s.launching(Instant.now()));
    }

    @Test
    void aJobWhoseStartWasCutShortButWhoseAgentRunsIsWatchedNotStartedAgain() throws Exception {
        Job j = leftStarting("claude-000002");
        var launched = processes.launch(new dev.bgagents.process.ProcessControl.LaunchSpec(List.of("x"), dir, null,
                store.files(j.id()).stdout(), store.files(j.id()).stderr(), store.files(j.id()).exit(),
                Map.of(dev.bgagents.process.ProcessControl.JOB_TAG, j.id()), List.of()));
        runtime(6);
        assertEquals(1, runtime.running(), "found by its tag and watched");
        assertEquals(launched.pid(), job(j.id()).state().pid());
        processes.exit(launched.pid(), "done\n", 0);
        await("finished", () -> job(j.id()).status() == JobStatus.SUCCEEDED);
        assertFalse(moments.contains("started " + j.id()), "never launched a second time: " + moments);
    }

    @Test
    void aJobWhoseAgentRanAndEndedWhileNoServerWatchedIsFinishedNotStartedAgain() throws Exception {
        Job j = leftStarting("claude-000003");
        Files.writeString(store.files(j.id()).stdout(), "all done\n");
        Files.writeString(store.files(j.id()).exit(), "0\n");
        runtime(6);
        await("finished", () -> job(j.id()).status() == JobStatus.SUCCEEDED);
        assertFalse(moments.contains("started " + j.id()), "never launched a second time: " + moments);
    }

    @Test
    void aJobWhoseStartWasCutShortBeforeAnythingRanStartsOnce() throws Exception {
        Job j = leftStarting("claude-000004");
        runtime(6);
        await("started", () -> job(j.id()).status() == JobStatus.RUNNING);
        assertEquals(1, moments.stream().filter(m -> m.equals("started " + j.id())).count(), moments.toString());
    }
}
