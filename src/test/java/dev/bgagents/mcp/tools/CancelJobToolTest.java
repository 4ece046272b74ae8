package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** cancel_job: what it cancels and how each ending reads. */
class CancelJobToolTest {

    private static Answer call(FakeJobs jobs, String id) {
        return Answers.call(new CancelJobTool(jobs), Map.of("job_id", id), Progress.NONE);
    }

    @Test
    void aRunningJobIsCancelledAndTheAnswerSaysWhatHadToBeStopped() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        jobs.onCancel = j -> JobFixtures.ended(j.id(), JobStatus.CANCELLED, "cancelled: 3 processes stopped");
        Answer a = call(jobs, "claude-aaaaaa");
        assertEquals("Cancelled claude-aaaaaa: cancelled: 3 processes stopped.", a.text());
        assertEquals("cancelled", a.structured().get("status"));
        assertEquals(java.util.List.of("claude-aaaaaa"), jobs.cancelled);
    }

    @Test
    void aJobWhoseTaskWentOnToAnotherProviderAsItWasCancelledSaysWhichJobWasStopped() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        jobs.onCancel = j -> JobFixtures.ended("codex-bbbbbb", JobStatus.CANCELLED, "cancelled before it started");
        Answer a = call(jobs, "claude-aaaaaa");
        assertEquals("Cancelled codex-bbbbbb, which had taken over the task of claude-aaaaaa (its provider failed it): "
                + "cancelled before it started.", a.text());
        assertEquals("codex-bbbbbb", a.structured().get("job_id"));
        assertEquals("cancelled", a.structured().get("status"));
    }

    @Test
    void anEndedJobIsLeftAsItIs() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
        Answer a = call(jobs, "claude-aaaaaa");
        assertEquals("claude-aaaaaa had already ended: succeeded. Nothing to cancel.", a.text());
        assertTrue(jobs.cancelled.isEmpty());
    }

    @Test
    void aJobThatEndedOnItsOwnWhileBeingCancelledSaysSo() {
        FakeJobs jobs = new FakeJobs().with(JobFixtures.running("claude-aaaaaa"));
        jobs.onCancel = j -> JobFixtures.ended(j.id(), JobStatus.FAILED, "exited 3");
        Answer a = call(jobs, "claude-aaaaaa");
        assertEquals("claude-aaaaaa ended as failed before the cancel took effect: exited 3", a.text());
        assertFalse(a.isError());
    }

    @Test
    void anUnknownJobIsOneLine() {
        Answer a = call(new FakeJobs(), "claude-ffffff");
        assertTrue(a.isError() && a.text().startsWith("unknown job id"), a.text());
    }
}
