package dev.bgagents.orchestration.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.config.NotifySettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.JobMerging;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.plan.Planner;
import dev.bgagents.process.FakeProcesses;
import dev.bgagents.summary.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which events the notifier records (and so sends) for what happened: a job's end, a budget, a
 * merge refused, a question, a plan's end. Its sink is a hook on fake processes: what is asserted is
 * the outbox, the events as every sink gets them.
 */
class NotifierEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "20261201-100000_greeting";
    private static final NotifySettings HOOK = new NotifySettings(null,
            new NotifySettings.Hook(List.of("sh"), 5, Set.copyOf(NotifySettings.EVENTS)), null);

    @TempDir
    Path dir;

    private JobStore store;
    private PlanSessions plans;

    private Notifier notifier(NotifySettings settings) {
        store = new JobStore(dir.resolve(".context/jobs"));
        plans = new PlanSessions(dir.resolve(".context/impl"));
        return new Notifier(dir, dir.resolve(".context/notify"), settings, new Redactor(Map.of()), new FakeProcesses(),
                store, plans, Duration.ofMillis(1));
    }

    /** The events on record, sorted by type then id. */
    private List<JsonNode> events() throws IOException {
        Path box = dir.resolve(".context/notify");
        if (!Files.isDirectory(box)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        try (var s = Files.list(box)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readTree(Files.readString(f)));
            }
        }
        return out;
    }

    private List<String> types() throws IOException {
        return events().stream().map(e -> e.path("type").asText()).sorted().toList();
    }

    @ParameterizedTest(name = "{0} ({1}): {2}")
    @CsvSource(delimiter = '|', value = {
            "SUCCEEDED | - | job_ended",
            "FAILED | over budget: max_tokens 2500, reached 3300 | budget_reached job_ended",
            "FAILED | over budget: max_cost_usd 1.00, reached 1.20 | budget_reached job_ended",
            "FAILED | exited 1 | job_ended",
            "CANCELLED | over budget: max_tokens 2500, reached 3300 | job_ended",
            "TIMED_OUT | timed out after 30 min | job_ended",
            "LOST | its process vanished | job_ended",
    })
    void aJobsEndIsToldAndABudgetStopIsToldAsWell(JobStatus status, String reason, String expected) throws Exception {
        try (Notifier n = notifier(HOOK)) {
            n.jobEnded(JobFixtures.ended("claude-aaaaaa", status, reason.equals("-") ? null : reason));
        }
        assertEquals(List.of(expected.split(" ")), types());
        for (JsonNode e : events()) {
            assertEquals("claude-aaaaaa", e.path("job_id").asText());
            assertEquals(status.wire(), e.path("status").asText());
            assertTrue(e.path("outcome").asText().startsWith("claude-aaaaaa"), e.toString());
            if (!reason.equals("-")) {
                assertTrue(e.path("outcome").asText().contains(reason), "the reason is in the line: " + e);
            }
        }
    }

    @Test
    void aSucceededJobsLineQuotesWhatTheAgentSaidAndRedactsSecrets() throws Exception {
        Job base = JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null);
        Job job = new Job(base.spec(), base.state(), new AgentReport(true, null, "s", "Done; token sk-live-123456 used",
                base.report().usage(), List.of(), List.of(), List.of(), 1), null);
        store = new JobStore(dir.resolve(".context/jobs"));
        try (Notifier n = new Notifier(dir, dir.resolve(".context/notify"), HOOK,
                new Redactor(Map.of("API_KEY", "sk-live-123456")), new FakeProcesses(), store,
                new PlanSessions(dir.resolve(".context/impl")), Duration.ofMillis(1))) {
            n.jobEnded(job);
        }
        String outcome = events().get(0).path("outcome").asText();
        assertTrue(outcome.contains("said: Done; token"), outcome);
        assertFalse(outcome.contains("sk-live-123456"), outcome);
    }

    @Test
    void withNoSinkConfiguredNothingIsRecorded() throws Exception {
        try (Notifier n = notifier(NotifySettings.NONE)) {
            n.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.FAILED, "over budget: max_tokens 1, reached 2"));
            n.jobWaiting(JobFixtures.running("claude-bbbbbb"), "r1", "Bash: ls");
        }
        assertFalse(Files.exists(dir.resolve(".context/notify")));
    }

    @Test
    void aQuestionIsToldOncePerRequestEvenWhenAskedAgain() throws Exception {
        try (Notifier n = notifier(HOOK)) {
            Job job = JobFixtures.waiting("claude-cccccc");
            n.jobWaiting(job, "r1", "Bash: rm -rf build");
            n.jobWaiting(job, "r1", "Bash: rm -rf build"); // a restarted server asking the same again
            n.jobWaiting(job, "r2", "Edit: src/a.txt");
        }
        List<JsonNode> e = events();
        assertEquals(List.of("job_waiting-claude-cccccc-r1", "job_waiting-claude-cccccc-r2"),
                e.stream().map(x -> x.path("id").asText()).toList());
        assertEquals("claude-cccccc waits for an answer: Bash: rm -rf build", e.get(0).path("outcome").asText());
        assertEquals("waiting", e.get(0).path("status").asText());
    }

    @ParameterizedTest(name = "refused={0}, dry run={1}: told={2}")
    @CsvSource({"true, false, true", "true, true, false", "false, false, false"})
    void aMergeRefusalIsToldButNotADryRunsOrAMerge(boolean refused, boolean dryRun, boolean told) throws Exception {
        Merging merges = JobMerging.of(r -> refused
                ? Merging.Outcome.unchanged(r.jobId(), "bg/" + r.jobId(), "main", r.dryRun(), false, List.of("a.txt"),
                List.of("a.txt"), "a.txt has uncommitted changes in main")
                : Merging.Outcome.merged(r.jobId(), "bg/" + r.jobId(), "main", "abc123", true, false, List.of("a.txt"), null));
        try (Notifier n = notifier(HOOK)) {
            Merging.Outcome o = n.watching(merges).merge(new Merging.Request("claude-aaaaaa", null, false, dryRun, false,
                    false, null));
            assertEquals(refused, o.refusal() != null, "the outcome passes through unchanged");
        }
        List<JsonNode> e = events();
        assertEquals(told ? 1 : 0, e.size());
        if (told) {
            assertEquals("merge_refused", e.get(0).path("type").asText());
            assertEquals("merge of bg/claude-aaaaaa into main refused: a.txt has uncommitted changes in main",
                    e.get(0).path("outcome").asText());
            assertFalse(e.get(0).has("status"), e.get(0).toString());
        }
    }

    @ParameterizedTest(name = "dry run={0}")
    @CsvSource({"false, 1", "true, 0"})
    void aPlanMergeTellsEachRefusedTaskAsItsJobsInThePlan(boolean dryRun, int told) throws Exception {
        PlanMerge.Outcome outcome = new PlanMerge.Outcome(SESSION, "main", dryRun, List.of(
                new PlanMerge.Task("01-model", "claude-aaaaaa", PlanMerge.State.MERGED, "abc", List.of("m.txt"), null, null),
                new PlanMerge.Task("02-view", "claude-bbbbbb", PlanMerge.State.REFUSED, null, List.of("v.txt"),
                        List.of("v.txt"), "v.txt conflicts with main"),
                new PlanMerge.Task("03-docs", "claude-cccccc", PlanMerge.State.NOT_TRIED, null, null, null, null)),
                "02-view");
        Merging merges = new Merging() {
            @Override
            public Outcome merge(Request request) {
                throw new AssertionError();
            }

            @Override
            public PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
                return outcome;
            }

            @Override
            public PullRequest openPullRequest(PullRequestRequest request) {
                throw new AssertionError();
            }
        };
        try (Notifier n = notifier(HOOK)) {
            n.watching(merges).mergePlan(new PlanMerge.Request(SESSION, null, false, dryRun, false, false));
        }
        List<JsonNode> e = events();
        assertEquals(told, e.size());
        if (told == 1) {
            assertEquals("claude-bbbbbb", e.get(0).path("job_id").asText());
            assertEquals(SESSION, e.get(0).path("plan").asText());
            assertEquals("merge of 02-view into main refused: v.txt conflicts with main", e.get(0).path("outcome").asText());
        }
    }

    private static PlanTask task(String id, int number, String slug) {
        return new PlanTask(id, number, slug, slug, "code", "claude", null, List.of(), Map.of(), List.of(),
                "tasks/" + String.format("%02d-%s", number, slug) + ".md", 1, null, null, null, false, null, null);
    }

    /** A job of the plan's task in the store: {@code how} is succeeded, failed or running. */
    private String planJob(String id, String taskId, String how) throws IOException {
        store.create(JobFixtures.spec(id).planTask(SESSION, taskId).build(), "do " + taskId, null);
        JobState running = JobState.queued().running(4242, 1, JobFixtures.CREATED.plusSeconds(1));
        if (how.equals("running")) {
            store.updateState(id, s -> running);
        } else {
            JobStatus end = JobStatus.fromWire(how);
            store.end(id, running.ended(end, end == JobStatus.SUCCEEDED ? 0 : 1, null, JobFixtures.CREATED.plusSeconds(9)),
                    null, null);
        }
        String job = id;
        plans.update(SESSION, p -> p.withTask(taskId, t -> t.withJob(job, how, null)));
        return id;
    }

    /** {@code second}: what became of the plan's second task ("-": it never ran). */
    @ParameterizedTest(name = "tasks succeeded and {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "succeeded | succeeded | 2 of 2",
            "failed | failed | 1 of 2",
            "running | - | -",
            "- | - | -",
    })
    void aPlanEndsWhenEveryTaskRanAndNoJobOfItIsActive(String second, String status, String count) throws Exception {
        try (Notifier n = notifier(HOOK)) {
            plans.create(new Planner.Draft(new PlanStatus(SESSION, "greeting", "Greeting", dir.toString(),
                    JobFixtures.CREATED, List.of(List.of("t1", "t2")), List.of(task("t1", 1, "model"), task("t2", 2, "view"))),
                    Map.of(), null));
            if (!second.equals("-")) {
                planJob("claude-bbbbbb", "t2", second);
            }
            String first = planJob("claude-aaaaaa", "t1", "succeeded");
            n.jobEnded(store.get(first).orElseThrow());
            n.jobEnded(store.get(first).orElseThrow()); // the same end seen again tells the plan's end once
        }
        List<JsonNode> ended = events().stream().filter(e -> e.path("type").asText().equals("plan_ended")).toList();
        if (status.equals("-")) {
            assertEquals(List.of(), ended);
            return;
        }
        assertEquals(1, ended.size());
        JsonNode e = ended.get(0);
        assertEquals(status, e.path("status").asText());
        assertEquals(SESSION, e.path("plan").asText());
        assertFalse(e.has("job_id"), "a plan's end is about no one job");
        assertTrue(e.path("outcome").asText().startsWith("plan " + SESSION + " ended: " + count + " tasks succeeded — "),
                e.toString());
        assertTrue(e.path("outcome").asText().endsWith("summary.md"), e.toString());
    }
}
