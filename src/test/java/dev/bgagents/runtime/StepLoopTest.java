package dev.bgagents.runtime;

import dev.bgagents.Await;
import dev.bgagents.agents.Invocation;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.Verification;
import dev.bgagents.process.FakeProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A job's life after its agent as steps: each step the lifecycle gives runs in order, on record
 * from start to end with its outcome; one that does not apply leaves no trace; one that fails
 * inside bg-agents fails the job saying which; one can start another agent round, after which the
 * steps run again for that round; and a step a server before this one ended is read back, not redone.
 */
class StepLoopTest {
    @TempDir
    Path dir;

    private final FakeProcesses processes = new FakeProcesses();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<JobStep> steps = new ArrayList<>();
    private JobStore store;
    private JobRuntime runtime;

    /** A step that notes its run and answers as {@code run} says. */
    private JobStep step(String name, Function<StepRun, JobStep.Outcome> run) {
        return new JobStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean applies(Job job, Outcome soFar) {
                return !name.startsWith("never");
            }

            @Override
            public Outcome run(StepRun r) {
                ran.add(name + " " + r.soFar().status().wire());
                return run.apply(r);
            }

            @Override
            public Outcome resumed(Job job, Outcome soFar) {
                ran.add(name + " read back");
                return Outcome.of(JobStatus.FAILED, name + " failed before the restart", "failed");
            }
        };
    }

    private Job start() throws IOException {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        AgentAdapters adapters = TextAgents.PLAIN;
        runtime = new JobRuntime(store, new JobRuntime.Settings(6, Duration.ofMillis(100)), adapters, processes,
                new JobLifecycle() {
                    @Override
                    public List<JobStep> stepsAfterAgent(Job job) {
                        return steps;
                    }
                });
        runtime.start();
        return runtime.submit(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "do it", null);
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private Job ended() {
        Await.until("the job ends", Duration.ofSeconds(10),
                () -> store.get("claude-000001").orElseThrow().status().isTerminal());
        return store.get("claude-000001").orElseThrow();
    }

    private static List<String> trace(Job job) {
        return job.state().steps().stream().map(s -> s.name() + "/" + s.round() + " " + s.outcome()).toList();
    }

    @Test
    void stepsRunInOrderEachOnRecordAndTheLastOutcomeIsTheJobs() throws Exception {
        steps.add(step("first", r -> r.soFar().saying("fine")));
        steps.add(step("never-this", r -> fail("a step that does not apply ran")));
        steps.add(step("second", r -> JobStep.Outcome.of(JobStatus.FAILED, "the second said no", "no")));
        Job job = start();
        processes.exit(job.state().pid(), "done\n", 0);
        Job end = ended();
        assertEquals(List.of("first succeeded", "second succeeded"), ran);
        assertEquals(List.of("agent/0 succeeded", "first/0 fine", "second/0 no"), trace(end));
        assertTrue(end.state().steps().stream().allMatch(StepRecord::ended));
        assertEquals(JobStatus.FAILED, end.status());
        assertEquals("the second said no", end.state().reason());
    }

    @Test
    void aStepThatFailsInsideBgAgentsFailsTheJobSayingWhichAndTheNextStepsSeeTheFailure() throws Exception {
        steps.add(step("seal", r -> {
            throw new IllegalStateException("disk on fire");
        }));
        steps.add(step("check", r -> r.soFar().saying("ran")));
        Job job = start();
        processes.exit(job.state().pid(), "done\n", 0);
        Job end = ended();
        assertEquals(JobStatus.FAILED, end.status());
        assertTrue(end.state().reason().startsWith("bg-agents could not seal the job: "), end.state().reason());
        assertEquals(List.of("agent/0 succeeded", "seal/0 error", "check/0 ran"), trace(end));
        assertEquals(List.of("seal succeeded", "check failed"), ran, "the next step sees the failure");
    }

    @Test
    void aStepCanStartAnotherAgentRoundAfterWhichTheStepsRunAgainForThatRound() throws Exception {
        steps.add(step("check", r -> {
            Verification v = r.job().state().verification();
            if (v != null && v.fixes() > 0) {
                return r.soFar().saying("passed");
            }
            try {
                Verification first = Verification.checked(null, Verification.FAILED, 1, "tail", 0.1);
                r.nextRound(new Invocation(List.of("agent", "--fix"), Map.of(), List.of(), true), "fix it",
                        r.files().fixPrompt(1), first.nextRound(0, 0, r.report().usage()), "fix 1/1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return JobStep.Outcome.relaunched("fix 1");
        }));
        Job job = start();
        long firstPid = job.state().pid();
        processes.exit(firstPid, "first try\n", 0);
        Await.until("the fix round starts", Duration.ofSeconds(10),
                () -> store.get(job.id()).orElseThrow().state().pid() != firstPid);
        Job fixing = store.get(job.id()).orElseThrow();
        assertEquals(JobStatus.RUNNING, fixing.status(), "the host sees one job throughout");
        assertEquals(List.of("agent", "--fix"), processes.spec(fixing.state().pid()).argv());
        processes.exit(fixing.state().pid(), "fixed\n", 0);
        Job end = ended();
        assertEquals(JobStatus.SUCCEEDED, end.status());
        assertEquals(List.of("agent/0 succeeded", "check/0 fix 1", "agent/1 succeeded", "check/1 passed"), trace(end));
    }

    @Test
    void aStepAServerBeforeEndedInThisRoundIsReadBackNotDoneAgain() throws Exception {
        steps.add(step("check", r -> r.soFar().saying("passed")));
        steps.add(step("after", r -> r.soFar().saying("ran")));
        Job job = start();
        // as a server that ran the check and stopped before the job's end was recorded left it
        Instant at = Instant.now();
        store.updateState(job.id(), s -> s.stepStarted("check", 0, at).stepEnded("check", 0, at, "failed"));
        processes.exit(job.state().pid(), "done\n", 0);
        Job end = ended();
        assertEquals(List.of("check read back", "after failed"), ran, "the check is not run twice");
        assertEquals(JobStatus.FAILED, end.status());
        assertEquals("check failed before the restart", end.state().reason());
    }
}
