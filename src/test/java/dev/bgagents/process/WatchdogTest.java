package dev.bgagents.process;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.Usage;
import dev.bgagents.agents.claude.ClaudeCli;
import dev.bgagents.agents.custom.TextOutputParser;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.project.JobDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How the watchdog decides a running job's end, from its files and its process alone. */
class WatchdogTest {
    @TempDir
    Path dir;

    private final List<Ending> endings = new ArrayList<>();
    private final List<String> activity = new ArrayList<>();
    private final FakeProcesses processes = new FakeProcesses();
    private final Watchdog watchdog = new Watchdog(processes, new Watchdog.Listener() {
        @Override
        public void activity(String jobId, String sessionId, String what) {
            activity.add(what);
        }

        @Override
        public void ending(RunningJob job, Ending how) {
            endings.add(how);
        }
    });

    private RunningJob running(double timeoutMinutes, double stallMinutes, Instant startedAt) throws Exception {
        JobDir files = new JobDir(Files.createDirectories(dir.resolve("claude-aaaaaa")));
        ProcessControl.Launched l = processes.launch(new ProcessControl.LaunchSpec(List.of("x"), dir, null,
                files.stdout(), files.stderr(), files.exit(), java.util.Map.of(), List.of()));
        JobSpec spec = JobFixtures.spec("claude-aaaaaa").limits(timeoutMinutes, stallMinutes).build();
        Job job = new Job(spec, JobState.queued().running(l.pid(), l.startTicks(), startedAt), null, null);
        return new RunningJob(job, null, files, new TextOutputParser());
    }

    /** A running claude job with this budget whose stream shows the given lines so far. */
    private RunningJob claudeWithBudget(Budget budget, List<String> lines) throws Exception {
        return claudeWithBudget(budget, lines, null);
    }

    /** The same, for a fallback whose chain spent {@code before} ahead of it. */
    private RunningJob claudeWithBudget(Budget budget, List<String> lines, Usage before) throws Exception {
        JobDir files = new JobDir(Files.createDirectories(dir.resolve("claude-bbbbbb")));
        ProcessControl.Launched l = processes.launch(new ProcessControl.LaunchSpec(List.of("x"), dir, null,
                files.stdout(), files.stderr(), files.exit(), java.util.Map.of(), List.of()));
        Files.write(files.stdout(), lines);
        JobSpec spec = JobFixtures.spec("claude-bbbbbb").budgets(budget, null).spentBefore(before).build();
        Job job = new Job(spec, JobState.queued().running(l.pid(), l.startTicks(), Instant.now()), null, null);
        return new RunningJob(job, null, files, new ClaudeCli().newParser());
    }

    @Test
    void aJobWhoseStreamPassesItsBudgetIsStoppedAsFailedOverBudget() throws Exception {
        List<String> lines = Fixtures.lines("claude-write.stdout.jsonl");
        List<String> soFar = lines.subList(0, lines.size() - 1); // 26 tokens in two messages, no result yet
        RunningJob within = claudeWithBudget(new Budget(null, 26L, 2), soFar);
        watchdog.pass(List.of(within));
        assertTrue(endings.isEmpty(), "at the limit is within it: " + endings);

        RunningJob over = claudeWithBudget(new Budget(null, 25L, null), soFar);
        watchdog.pass(List.of(over));
        assertEquals(List.of(Ending.terminate(JobStatus.FAILED, "over budget: max_tokens 25, reached 26")), endings);
    }

    @Test
    void aFallbackIsStoppedWhenItsChainTogetherPassesTheBudget() throws Exception {
        List<String> lines = Fixtures.lines("claude-write.stdout.jsonl");
        List<String> soFar = lines.subList(0, lines.size() - 1); // 26 tokens of its own
        RunningJob within = claudeWithBudget(new Budget(null, 30L, null), soFar, new Usage(3L, 1L, null, null));
        watchdog.pass(List.of(within));
        assertTrue(endings.isEmpty(), "26 + 4 is at the limit: " + endings);

        RunningJob over = claudeWithBudget(new Budget(null, 30L, null), soFar, new Usage(4L, 1L, null, null));
        watchdog.pass(List.of(over));
        assertEquals(List.of(Ending.terminate(JobStatus.FAILED, "over budget: max_tokens 30, reached 31 (with what the "
                + "attempts it fell back from spent)")), endings);
        assertEquals(26L, over.usage().tokens(), "its own usage is its own: a plan's budget counts the earlier attempts once");
    }

    @Test
    void aRunWhoseStreamHasEndedIsNotStoppedForWhatItsResultTotals() throws Exception {
        // the result says 38 tokens; the CLI exits by itself a moment later, whichever the pass sees first
        RunningJob done = claudeWithBudget(new Budget(null, 30L, null), Fixtures.lines("claude-write.stdout.jsonl"));
        watchdog.pass(List.of(done));
        assertTrue(endings.isEmpty(), endings.toString());
    }

    @Test
    void anExitRecordEndsItNaturallyOnce() throws Exception {
        RunningJob job = running(30, 10, Instant.now());
        watchdog.pass(List.of(job));
        assertTrue(endings.isEmpty());
        processes.exit(job.pid(), "done\n", 0);
        watchdog.pass(List.of(job));
        watchdog.pass(List.of(job));
        assertEquals(List.of(Ending.NATURAL), endings, "decided once");
        assertEquals("printed: done", job.parser().lastActivity());
    }

    @Test
    void aProcessGoneWithoutAnExitRecordIsLost() throws Exception {
        RunningJob job = running(30, 10, Instant.now());
        processes.vanish(job.pid());
        watchdog.pass(List.of(job));
        assertEquals(List.of(Ending.LOST), endings);
    }

    @Test
    void theWallClockLimitEndsItAsTimedOut() throws Exception {
        RunningJob job = running(0.01, 10, Instant.now().minusSeconds(5));
        watchdog.pass(List.of(job));
        assertEquals(JobStatus.TIMED_OUT, endings.get(0).status());
        assertEquals("hit the wall-clock limit of 0 s", endings.get(0).reason());
    }

    @Test
    void silenceLongerThanTheStallLimitEndsIt() throws Exception {
        RunningJob job = running(30, 0.01, Instant.now().minusSeconds(5));
        watchdog.pass(List.of(job));
        assertEquals("stalled: no output for 0 s", endings.get(0).reason());
    }

    @Test
    void aCancelDecidedFirstWinsOverTheExit() throws Exception {
        RunningJob job = running(30, 10, Instant.now());
        assertTrue(job.end(Ending.terminate(JobStatus.CANCELLED, "cancelled")));
        processes.exit(job.pid(), "", 0);
        watchdog.pass(List.of(job));
        assertTrue(endings.isEmpty(), "the canceller finishes it; the watchdog leaves it alone");
        assertFalse(job.end(Ending.NATURAL));
    }
}
