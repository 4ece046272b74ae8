package dev.bgagents.runtime;

import dev.bgagents.Await;
import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.FakeProcesses;
import dev.bgagents.process.ProcessControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** A running job's channel read on each watchdog pass: waiting while a request has no answer, told once each. */
class PersonWaitsTest {
    @TempDir
    Path dir;

    private final FakeProcesses processes = new FakeProcesses();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private JobStore store;
    private JobRuntime runtime;

    private void start() throws IOException {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        runtime = new JobRuntime(store, new JobRuntime.Settings(6, Duration.ofMillis(100)), TextAgents.PLAIN, processes, new JobLifecycle() {
            @Override
            public void waiting(Job job, PersonRequest request) {
                told.add(job.id() + " " + job.status().wire() + " " + request.id());
            }
        });
        runtime.start();
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private Job job(String id) {
        return store.get(id).orElseThrow();
    }

    private static PersonRequest request(String id, String detail) {
        Instant now = Instant.now();
        return new PersonRequest(id, "Bash", detail, now, now.plusSeconds(300));
    }

    @Test
    void aPendingRequestMakesItWaitingAndItsAnswerRunningAgainEachToldOnce() throws Exception {
        start();
        Job j = runtime.submit(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "p", null);
        ChannelDir channel = ChannelDir.of(store.files(j.id()).dir());
        long seen = store.changes();
        channel.ask(request("r1", "rm -rf build"));
        Await.until("waiting", Duration.ofSeconds(10), () -> job(j.id()).status() == JobStatus.WAITING);
        assertTrue(store.changes() > seen, "waiters are woken");
        assertEquals("waits for an answer: Bash: rm -rf build (request r1)", job(j.id()).state().lastActivity());
        String now = WaitLine.of(job(j.id()), store.files(j.id()), Instant.now());
        assertTrue(now.matches("waits for an answer: Bash: rm -rf build \\(request r1; deny in 4m5\\ds\\)"), now);

        channel.ask(request("r2", "curl example.com"));
        Await.until("both counted", Duration.ofSeconds(10), () -> job(j.id()).state().lastActivity().contains("and 1 more"));
        Await.until("both told", Duration.ofSeconds(10), () -> told.size() == 2);
        assertEquals(List.of("claude-000001 waiting r1", "claude-000001 waiting r2"), told);

        channel.answer(new Answer("r1", Answer.Decision.ALLOW, null, "host", Instant.now()));
        Await.until("on r2", Duration.ofSeconds(10), () -> job(j.id()).state().lastActivity().contains("(request r2)"));
        assertEquals(JobStatus.WAITING, job(j.id()).status());
        channel.answer(new Answer("r2", Answer.Decision.DENY, "no network", "dashboard", Instant.now()));
        Await.until("running", Duration.ofSeconds(10), () -> job(j.id()).status() == JobStatus.RUNNING);
        assertTrue(job(j.id()).state().lastActivity().startsWith("answered: "), job(j.id()).state().lastActivity());
        Thread.sleep(500);
        assertEquals(2, told.size(), "each request told once: " + told);

        processes.exit(j.state().pid(), "", 0);
        Await.until("ended", Duration.ofSeconds(10), () -> job(j.id()).status() == JobStatus.SUCCEEDED);
    }

    @Test
    void aServerThatStartsAgainDerivesWaitingFromTheFilesAndDoesNotTellAgain() throws Exception {
        store = new JobStore(dir.resolve("jobs"));
        store.load();
        Job j = store.create(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "p", null);
        var launched = processes.launch(new ProcessControl.LaunchSpec(List.of("x"), dir, null,
                store.files(j.id()).stdout(), store.files(j.id()).stderr(), store.files(j.id()).exit(), Map.of(), List.of()));
        ChannelDir channel = ChannelDir.of(store.files(j.id()).dir());
        channel.ask(request("r1", "rm -rf build"));
        // the earlier server saw r1 and told it; r2 came while no server ran; r0 was answered meanwhile
        store.updateState(j.id(), s -> s.running(launched.pid(), launched.startTicks(), Instant.now())
                .waiting(true, "waits for an answer: Bash: rm -rf build (request r1)"));
        channel.ask(request("r2", "curl example.com"));
        start();
        Await.until("both shown", Duration.ofSeconds(10), () -> job(j.id()).state().lastActivity().contains("and 1 more"));
        Await.until("told", Duration.ofSeconds(10), () -> !told.isEmpty());
        Thread.sleep(300);
        assertEquals(JobStatus.WAITING, job(j.id()).status());
        assertEquals(List.of("claude-000001 waiting r2"), told, "r1 was told by the server before");

        channel.answer(new Answer("r1", Answer.Decision.DENY, null, "timeout", Instant.now()));
        channel.answer(new Answer("r2", Answer.Decision.DENY, null, "timeout", Instant.now()));
        Await.until("running", Duration.ofSeconds(10), () -> job(j.id()).status() == JobStatus.RUNNING);
        processes.exit(launched.pid(), "", 0);
        Await.until("ended", Duration.ofSeconds(10), () -> job(j.id()).status() == JobStatus.SUCCEEDED);
    }

    @Test
    void aJobWithoutAChannelIsLeftAlone() throws Exception {
        start();
        Job j = runtime.submit(JobFixtures.spec("claude-000001").workdir(dir.toString()).build(), "p", null);
        Thread.sleep(500);
        assertEquals(JobStatus.RUNNING, job(j.id()).status());
        assertTrue(told.isEmpty());
    }
}
