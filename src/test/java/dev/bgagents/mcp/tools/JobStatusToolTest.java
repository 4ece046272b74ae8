package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** job_status against jobs in memory: which jobs it lists, what a wait returns, what it says. */
class JobStatusToolTest {

    private static Answer call(FakeJobs jobs, Map<String, Object> args) {
        return Answers.call(new JobStatusTool(jobs), args, Progress.NONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed(Answer a) {
        return (List<Map<String, Object>>) a.structured().get("jobs");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(Map.of("job_ids", List.of("claude-000000")), "unknown job id"),
                Arguments.of(Map.of("wait", "forever"), "must be one of none, any, all"),
                Arguments.of(Map.of("timeout_seconds", -1), "between 0 and 3600"),
                Arguments.of(Map.of("timeout_seconds", 1.5), "whole number"),
                Arguments.of(Map.of("job_ids", 7), "list of strings"),
                Arguments.of(Map.of("jobs", List.of()), "unknown argument \"jobs\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void aMistakeIsOneLine(Map<String, Object> args, String expected) {
        Answer a = call(new FakeJobs(), args);
        assertTrue(a.isError() && a.text().contains(expected), a.text());
        assertFalse(a.text().contains("\n"), a.text());
    }

    @Test
    void aWaitForAnyReturnsForAJobWaitingOnAPersonAndSaysHowToAnswer() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"), JobFixtures.waiting("claude-bbbbbb"));
        Answer a = call(jobs, Map.of("wait", "any", "timeout_seconds", 0));
        assertEquals(true, a.structured().get("condition_met"), a.text());
        assertEquals("waiting", listed(a).get(1).get("status"));
        assertTrue(a.text().endsWith("claude-bbbbbb waits for an answer (a wait=any returns for that too): ask the person, "
                + "then resume_session {job_id: \"claude-bbbbbb\", answer: \"allow\"} (or \"deny\", with a prompt saying why)."),
                a.text());
        Answer all = call(jobs, Map.of("wait", "all", "timeout_seconds", 0));
        assertEquals(false, all.structured().get("condition_met"), "all waits for the ends");
        assertTrue(all.text().contains("claude-bbbbbb waits for an answer meanwhile"), all.text());
    }

    @Test
    void withoutIdsItListsActiveAndUnreadJobsOneLineEach() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"),
                JobFixtures.ended("codex-bbbbbb", JobStatus.FAILED, "rate limited (HTTP 429)"));
        Answer a = call(jobs, Map.of());
        assertEquals(List.of("claude-aaaaaa", "codex-bbbbbb"), listed(a).stream().map(m -> m.get("job_id")).toList());
        String[] lines = a.text().split("\n");
        assertTrue(lines[0].startsWith("claude-aaaaaa running") && lines[0].contains("Write hello.txt"), a.text());
        assertTrue(lines[1].startsWith("codex-bbbbbb failed exit 1 30s · rate limited"), a.text());
        assertTrue(a.text().endsWith("read_summary {job_id: \"codex-bbbbbb\"} gives its result."), a.text());
        assertEquals(true, a.structured().get("condition_met"));
        assertEquals("read_summary {job_id: \"codex-bbbbbb\"}", a.structured().get("next"));
        assertFalse(listed(a).get(0).containsKey("exit_code"), "nothing for what is not known yet");
    }

    @Test
    void noJobsSaysHowToStartOne() {
        assertEquals("No active or unread jobs. spawn_agent starts one.", call(new FakeJobs(), Map.of()).text());
    }

    @Test
    void waitAnyReturnsWhenTheJobEndsAndReportsProgressOnTheWay() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        for (int i = 0; i < 3; i++) {
            jobs.changes.add(() -> { });
        }
        jobs.changes.add(() -> jobs.with(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null)));
        List<String> progress = new ArrayList<>();
        Answer a = new JobStatusTool(jobs).call(ToolArgs.of(new JobStatusTool(jobs).definition(),
                Map.of("job_ids", List.of("claude-aaaaaa"), "wait", "any", "timeout_seconds", 5)),
                (done, total, message) -> progress.add(message));
        assertEquals("succeeded", listed(a).get(0).get("status"));
        assertEquals(true, a.structured().get("condition_met"));
        assertEquals(4, jobs.waits, "one wait per change until the end");
    }

    @Test
    void aWaitThatRunsOutSaysToCallAgainAndIsCappedBelowHostTimeouts() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        Answer a = call(jobs, Map.of("wait", "all", "timeout_seconds", 0));
        assertEquals(false, a.structured().get("condition_met"));
        assertTrue(a.text().endsWith("call job_status wait=\"all\" again."), a.text());
        assertEquals("still running: call job_status wait=\"all\" again", a.structured().get("next"));
        Answer capped = call(new FakeJobs().with(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null)),
                Map.of("wait", "any", "timeout_seconds", 600));
        assertTrue(capped.text().endsWith("(timeout_seconds is capped at 50)"), capped.text());
    }

    @Test
    void waitAnyOverNoJobsReturnsAtOnce() {
        long t0 = System.nanoTime();
        Answer a = call(new FakeJobs(), Map.of("wait", "any"));
        assertEquals(true, a.structured().get("condition_met"));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    @Test
    void overlapsAreShownBesideTheJob() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"), JobFixtures.running("codex-bbbbbb"));
        jobs.overlaps.put("claude-aaaaaa", "overlaps codex-bbbbbb on a.py");
        Answer a = call(jobs, Map.of());
        assertTrue(a.text().split("\n")[0].endsWith(" · overlaps codex-bbbbbb on a.py"), a.text());
        assertEquals("overlaps codex-bbbbbb on a.py", listed(a).get(0).get("overlaps"));
        assertFalse(listed(a).get(1).containsKey("overlaps"));
    }

    @Test
    void theSameIdTwiceIsListedOnce() {
        Job j = JobFixtures.running("claude-aaaaaa");
        Answer a = call(new FakeJobs().with(j), Map.of("job_ids", List.of(j.id(), j.id())));
        assertEquals(1, listed(a).size());
    }

    @Test
    void thousandsOfUnreadEndedJobsGiveOnePageThatSaysHowToSeeTheRest() throws Exception {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        for (int i = 0; i < 2000; i++) {
            jobs.with(JobFixtures.ended(String.format("codex-%06x", i), JobStatus.FAILED, "rate limited (HTTP 429)"));
        }
        Answer a = call(jobs, Map.of());
        List<Object> ids = listed(a).stream().map(m -> m.get("job_id")).toList();
        assertEquals(1 + JobStatusTool.PAGE, ids.size(), "the active job and a page of ended ones");
        assertEquals("claude-aaaaaa", ids.get(0));
        assertEquals(String.format("codex-%06x", 1999), ids.get(ids.size() - 1), "the newest ended ones");
        String structured = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(a.structured());
        System.out.printf("[paging] job_status with 2,000 unread ended jobs: %d chars of text, %d of structured content%n",
                a.text().length(), structured.length());
        assertTrue(a.text().length() <= 16_000 && structured.length() <= 16_000, a.text().length() + " / " + structured.length());
        String more = (String) a.structured().get("more");
        assertTrue(more.startsWith("Not listed: 1980 older ended jobs.") && more.contains("read_summary"), more);
        assertTrue(a.text().contains(more), "hosts that show only the text read it too: " + a.text());
        assertTrue(a.text().contains("read_summary {job_id: \"codex-0007bc\"}"), "a real id, never a placeholder");
    }

    @Test
    void theIdsAskedForArePagedTooAndTheWaitStillCoversThemAll() {
        FakeJobs jobs = new FakeJobs();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = String.format("claude-%06x", i);
            jobs.with(JobFixtures.running(id));
            asked.add(id);
        }
        Answer a = call(jobs, Map.of("job_ids", asked, "wait", "all", "timeout_seconds", 0));
        assertEquals(JobStatusTool.PAGE, listed(a).size());
        assertEquals(false, a.structured().get("condition_met"));
        assertTrue(((String) a.structured().get("more")).startsWith("Not listed: 30 more active."), a.structured().toString());
    }

    @Test
    void onceAPlansJobsHaveEndedNextPointsAtThePlanCalls() {
        String session = "20261205-120000_x";
        List<Job> tasks = new ArrayList<>();
        for (String id : List.of("claude-0a0a0a", "codex-0b0b0b")) {
            Job ended = JobFixtures.ended(id, JobStatus.SUCCEEDED, null);
            tasks.add(new Job(JobFixtures.spec(id).planTask(session, id.substring(0, 1)).build(), ended.state(), null, null));
        }
        FakeJobs jobs = new FakeJobs();
        tasks.forEach(jobs::with);
        Answer a = call(jobs, Map.of("job_ids", List.of("claude-0a0a0a", "codex-0b0b0b"), "wait", "all"));
        assertEquals("read_summary {session: \"" + session + "\"} (a line per task), then merge_worktree {session: \""
                + session + "\"} (its finished tasks in wave order)", a.structured().get("next"));
    }
}
