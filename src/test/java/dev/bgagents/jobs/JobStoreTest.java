package dev.bgagents.jobs;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.CommandRun;
import dev.bgagents.agents.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStoreTest {
    private static final Instant CREATED = Instant.parse("2026-11-22T08:52:28.631123Z");

    @TempDir
    Path tmp;
    Path jobsDir;

    @org.junit.jupiter.api.BeforeEach
    void layout() {
        jobsDir = tmp.resolve(".context/jobs");
    }

    @Test
    void createdJobIsOnDiskAndReloadsIdenticallyInAFreshStore() throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job created = store.create(spec(store.newId("claude")), "write hello.txt\nwith care", null);

        assertTrue(Files.isRegularFile(jobsDir.resolve(created.id()).resolve("job.json")));
        assertEquals("write hello.txt\nwith care", Files.readString(store.files(created.id()).prompt()));
        assertEquals(JobStatus.QUEUED, created.status());

        JobStore fresh = new JobStore(jobsDir);
        assertEquals(List.of(), fresh.load());
        assertEquals(List.of(created), fresh.all());
    }

    @Test
    void aChangeMadeBetweenALookAndTheWaitEndsTheWaitAtOnce() throws Exception {
        // the lost wake-up CI met: job_status looked, the job ended, then the wait slept its 5 s slice
        JobStore store = new JobStore(jobsDir);
        String id = store.create(spec(store.newId("claude")), "p", null).id();
        long seen = store.changes();
        store.updateState(id, s -> s.activity("s", "Write a.txt"));
        long t0 = System.nanoTime();
        store.awaitChange(seen, t0 + 10_000_000_000L);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs < 1_000, "waited " + waitedMs + " ms for a change already made");

        long now = store.changes();
        long t1 = System.nanoTime();
        store.awaitChange(now, t1 + 200_000_000L);
        assertTrue((System.nanoTime() - t1) / 1_000_000 >= 150, "with no change since, it waits to its deadline");
    }

    @Test
    void stateUpdatesArePersisted() throws IOException {
        JobStore store = new JobStore(jobsDir);
        String id = store.create(spec(store.newId("claude")), "p", null).id();

        Job running = store.updateState(id, s -> s.running(4242, 987654, CREATED.plusSeconds(1))
                .activity("2117fe14-353a-460e-8b4c-eab7a09dd684", "Write /work/repo/hello.txt"));

        JobStore fresh = new JobStore(jobsDir);
        fresh.load();
        Job reloaded = fresh.get(id).orElseThrow();
        assertEquals(running, reloaded);
        assertEquals(JobStatus.RUNNING, reloaded.status());
        assertEquals(4242, reloaded.state().pid());
        assertEquals("2117fe14-353a-460e-8b4c-eab7a09dd684", reloaded.state().sessionId());
    }

    @Test
    void endedJobWithItsReportReloadsIdentically() throws IOException {
        JobStore store = new JobStore(jobsDir);
        String id = store.create(spec(store.newId("claude")), "p", null).id();
        AgentReport report = new AgentReport(false, "claude exited 1 after reporting success",
                "2117fe14-353a-460e-8b4c-eab7a09dd684", "Done.", new Usage(24L, 14L, 0L, 0.00047),
                List.of("/work/repo/hello.txt"), List.of(new CommandRun("make test", 2, true)),
                List.of("boom"), 2);

        Job ended = store.end(id, store.get(id).orElseThrow().state()
                .ended(JobStatus.FAILED, 1, report.reason(), CREATED.plusSeconds(60)), report, null);

        JobStore fresh = new JobStore(jobsDir);
        fresh.load();
        assertEquals(ended, fresh.get(id).orElseThrow());
    }

    @Test
    void aTempFileLeftByADeadWriterIsDeletedOnLoadButOneBeingWrittenIsNot() throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job job = store.create(spec(store.newId("claude")), "p", null);
        Path stale = jobsDir.resolve(job.id()).resolve("job.json.4242-1.tmp");
        Files.writeString(stale, "{\"half\": ");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(600)));
        // another server sharing the project is writing this one right now
        Path live = jobsDir.resolve(job.id()).resolve("job.json.4343-1.tmp");
        Files.writeString(live, "{\"half\": ");

        JobStore fresh = new JobStore(jobsDir);
        List<String> problems = fresh.load();

        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live));
        assertEquals(List.of(), problems);
        assertEquals(List.of(job), fresh.all());
    }

    @Test
    void anotherServersJobsAreDiscoveredAndFollowedWithoutBeingWritten() throws IOException {
        JobStore mine = new JobStore(jobsDir);
        mine.load();
        JobStore theirs = new JobStore(jobsDir);
        Job job = theirs.create(spec(theirs.newId("claude")), "p", null);

        assertEquals(List.of(job), mine.discover());
        assertEquals(List.of(), mine.discover(), "found once");
        assertEquals(job, mine.get(job.id()).orElseThrow());

        Job running = theirs.updateState(job.id(), s -> s.running(4242, 7, CREATED.plusSeconds(1)));
        long before = Files.getLastModifiedTime(mine.files(job.id()).record()).toMillis();
        assertEquals(running, mine.refresh(job.id()));
        assertEquals(running, mine.get(job.id()).orElseThrow());
        assertEquals(before, Files.getLastModifiedTime(mine.files(job.id()).record()).toMillis());
    }

    @Test
    void corruptRecordIsReportedAndSkipped() throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job good = store.create(spec(store.newId("claude")), "p", null);
        Path bad = jobsDir.resolve("claude-00beef").resolve("job.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"spec\": {\"id\": \"claude-00beef\", ");

        JobStore fresh = new JobStore(jobsDir);
        List<String> problems = fresh.load();

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(bad.toString()), problems.get(0));
        assertEquals(List.of(good), fresh.all());
    }

    @Test
    void aSpawnThatDiedBeforeItsRecordIsRemovedOnLoadButOneInProgressOrWithOutputIsNot() throws IOException {
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(600));
        Path dead = Files.createDirectories(jobsDir.resolve("claude-dead01"));
        Files.writeString(dead.resolve("prompt.md"), "write x");
        Files.writeString(dead.resolve("prompt.md.77-1.tmp"), "wri");
        Files.setLastModifiedTime(dead, old);
        Path inProgress = Files.createDirectories(jobsDir.resolve("claude-beef01"));
        Files.writeString(inProgress.resolve("prompt.md"), "another server is spawning this");
        Path withOutput = Files.createDirectories(jobsDir.resolve("claude-cafe01"));
        Files.writeString(withOutput.resolve("prompt.md"), "p");
        Files.writeString(withOutput.resolve("stdout.log"), "an agent wrote this");
        Files.setLastModifiedTime(withOutput, old);

        List<String> problems = new JobStore(jobsDir).load();

        assertFalse(Files.exists(dead), "nothing ever ran from it");
        assertTrue(Files.exists(inProgress.resolve("prompt.md")), "may be another server's spawn");
        assertTrue(Files.exists(withOutput.resolve("stdout.log")), "output is never deleted");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("claude-cafe01") && problems.get(0).contains("left as it is"), problems.get(0));
    }

    @Test
    void directoriesNotNamedLikeJobIdsAreIgnored() throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job job = store.create(spec(store.newId("claude")), "p", null);
        byte[] record = Files.readAllBytes(store.files(job.id()).record());
        for (String name : List.of("notes", "Claude-ABCDEF", "claude-abc", job.id() + ".bak")) {
            Path dir = Files.createDirectories(jobsDir.resolve(name));
            Files.write(dir.resolve("job.json"), record);
            Files.writeString(dir.resolve("job.json.tmp"), "keep me");
        }

        JobStore fresh = new JobStore(jobsDir);
        List<String> problems = fresh.load();

        assertEquals(List.of(), problems);
        assertEquals(List.of(job), fresh.all());
        assertTrue(Files.exists(jobsDir.resolve("notes").resolve("job.json.tmp")));
    }

    @Test
    void loadingAMissingJobsDirectoryFindsNothing() throws IOException {
        JobStore store = new JobStore(jobsDir.resolve("does-not-exist"));

        assertEquals(List.of(), store.load());
        assertEquals(List.of(), store.all());
    }

    @Test
    void idPatternRefusesPathTricksAndUppercase() {
        for (String id : List.of("../x", "a/b", "claude-abc123/../../etc", "Claude-abc123", "claude-ABC123",
                "claude-abc12", "", "-abc123")) {
            assertFalse(JobStore.ID.matcher(id).matches(), id);
        }
    }

    @Test
    void idPatternAcceptsGeneratedIds() {
        JobStore store = new JobStore(jobsDir);
        for (int i = 0; i < 100; i++) {
            String id = store.newId("claude");
            assertTrue(JobStore.ID.matcher(id).matches(), id);
        }
        assertTrue(JobStore.ID.matcher(store.newId("my_agent2")).matches());
    }

    private static JobSpec spec(String id) {
        return JobSpec.builder(id, "claude").title("write hello.txt").workdir("/work/repo").model("opus")
                .permissions("workspace-write")
                .command(List.of("/usr/bin/claude", "-p", "--output-format", "stream-json", "--verbose", "write hello.txt"),
                        false)
                .env(Map.of("IS_SANDBOX", "1"), List.of("CLAUDECODE")).limits(30, 10).createdAt(CREATED).build();
    }

    @Test
    void aMergeRecordedByAnotherServerSurvivesTheOwnersNextWrite() throws IOException {
        JobStore owner = new JobStore(jobsDir);
        Job created = owner.create(spec(owner.newId("claude")), "p",
                dev.bgagents.git.Workspace.planned(jobsDir, jobsDir.resolve("wt"), "bg/x", "main", List.of()));
        JobStore other = new JobStore(jobsDir);
        other.load();

        other.updateWorkspace(created.id(), w -> w.merged("main", "abc1234"));
        owner.updateState(created.id(), s -> s.activity(null, "Write a.txt")); // from its old copy in memory

        JobStore fresh = new JobStore(jobsDir);
        fresh.load();
        Job onDisk = fresh.get(created.id()).orElseThrow();
        assertEquals("abc1234", onDisk.workspace().mergeCommit(), "the other server's merge is still recorded");
        assertEquals("Write a.txt", onDisk.state().lastActivity(), "and the owner's change too");
    }

    /** A job that ended long ago, its summary read, its worktree removed: what months of use leave. */
    private Job settledLongAgo(JobStore store, Instant endedAt) throws IOException {
        String id = store.create(spec(store.newId("claude")), "p", null).id();
        store.end(id, store.get(id).orElseThrow().state().ended(JobStatus.SUCCEEDED, 0, null, endedAt), null, null);
        return store.markRead(id);
    }

    @Test
    void jobsSettledLongAgoAreNotReadAtStartButAreFoundByIdAndByEverything() throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job old = settledLongAgo(store, Instant.now().minus(java.time.Duration.ofDays(3)));
        Job recent = settledLongAgo(store, Instant.now().minus(java.time.Duration.ofHours(1)));
        String unreadId = store.create(spec(store.newId("claude")), "p", null).id();
        Job unreadSummary = store.end(unreadId, store.get(unreadId).orElseThrow().state()
                .ended(JobStatus.FAILED, 1, "boom", Instant.now().minus(java.time.Duration.ofDays(3))), null, null);
        assertEquals(List.of(old.id() + "\t" + old.state().endedAt().toEpochMilli(),
                recent.id() + "\t" + recent.state().endedAt().toEpochMilli()),
                Files.readAllLines(tmp.resolve(".context/settled-jobs.tsv")));

        JobStore fresh = new JobStore(jobsDir);
        assertEquals(List.of(), fresh.load());
        // an unread summary is still news, however old; a day-old settled job is still shown
        assertEquals(java.util.Set.of(recent.id(), unreadSummary.id()),
                java.util.Set.copyOf(fresh.all().stream().map(Job::id).toList()));
        assertEquals(1, fresh.settledUnread());
        assertEquals(old, fresh.get(old.id()).orElseThrow());
        // oldest first, as all() lists them; these share a creation time, so by id
        assertEquals(List.of(old, recent, unreadSummary).stream().map(Job::id).sorted().toList(),
                fresh.everything().stream().map(Job::id).toList());
        assertEquals(0, fresh.settledUnread());
    }

    @Test
    void recordsThatSettledBeforeTheJournalExistedGetTheirLineOnceAndATornLineOnlyCostsAReadAtStart()
            throws IOException {
        JobStore store = new JobStore(jobsDir);
        Job a = settledLongAgo(store, Instant.now().minus(java.time.Duration.ofDays(3)));
        Job b = settledLongAgo(store, Instant.now().minus(java.time.Duration.ofDays(4)));
        Path journal = tmp.resolve(".context/settled-jobs.tsv");
        Files.writeString(journal, a.id() + "\t17x");

        JobStore first = new JobStore(jobsDir);
        first.load();
        assertEquals(2, first.all().size());
        List<String> lines = Files.readAllLines(journal);
        assertEquals(3, lines.size(), lines.toString());

        JobStore second = new JobStore(jobsDir);
        second.load();
        assertEquals(0, second.all().size());
        assertEquals(2, second.settledUnread());
        assertEquals(lines, Files.readAllLines(journal));
        assertEquals(b, second.get(b.id()).orElseThrow());
    }

    @Test
    void aJobAnotherServerSettledLongAgoIsCountedNotReadByDiscover() throws IOException {
        JobStore mine = new JobStore(jobsDir);
        mine.load();
        JobStore theirs = new JobStore(jobsDir);
        Job old = settledLongAgo(theirs, Instant.now().minus(java.time.Duration.ofDays(2)));
        Job live = theirs.create(spec(theirs.newId("codex")), "p", null);

        assertEquals(List.of(live), mine.discover());
        assertEquals(1, mine.settledUnread());
        assertEquals(old, mine.get(old.id()).orElseThrow());
    }

    @Test
    void aRecordWrittenIntoADirectoryListedBeforeIsFoundThoughTheJobsDirectoryDidNotChange() throws IOException {
        JobStore mine = new JobStore(jobsDir);
        mine.load();
        JobStore theirs = new JobStore(jobsDir);
        Job first = theirs.create(spec(theirs.newId("codex")), "p", null);
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60));
        Files.setLastModifiedTime(jobsDir, past);
        assertEquals(List.of(first), mine.discover());
        // a spawn under way on the other server: its directory, not yet its record
        String id = theirs.newId("claude");
        Files.createDirectories(jobsDir.resolve(id));
        // made a while ago (as file systems keep it in seconds, times that recent are never trusted)
        past = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(30));
        Files.setLastModifiedTime(jobsDir, past);
        assertEquals(List.of(), mine.discover());
        assertEquals(List.of(), mine.discover(), "the unchanged directory is not listed again");
        Job second = theirs.create(spec(id), "p", null);
        Files.setLastModifiedTime(jobsDir, past);
        assertEquals(List.of(second), mine.discover(), "the directory seen without a record is looked at again");
    }
}
