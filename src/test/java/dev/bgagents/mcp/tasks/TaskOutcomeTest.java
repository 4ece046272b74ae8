package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** One reading of a job's status as a task's, which each era spells as its revision of the spec says. */
class TaskOutcomeTest {

    @Test
    void everyJobStatusIsOneOutcomeAndEndingsAreTerminal() {
        Map<JobStatus, TaskOutcome> expected = Map.of(JobStatus.QUEUED, TaskOutcome.WORKING,
                JobStatus.RUNNING, TaskOutcome.WORKING, JobStatus.WAITING, TaskOutcome.WORKING, JobStatus.SUCCEEDED, TaskOutcome.SUCCEEDED,
                JobStatus.FAILED, TaskOutcome.FAILED, JobStatus.TIMED_OUT, TaskOutcome.FAILED,
                JobStatus.LOST, TaskOutcome.FAILED, JobStatus.CANCELLED, TaskOutcome.CANCELLED);
        for (JobStatus s : JobStatus.values()) {
            assertEquals(expected.get(s), TaskOutcome.of(s), s.wire());
            // a job that has ended is never shown as a task still working, in either era
            assertEquals(s.isTerminal(), !TaskOutcome.of(s).legacyWire().equals("working"), s.wire());
            assertEquals(s.isTerminal(), !TaskOutcome.of(s).modernWire().equals("working"), s.wire());
        }
    }

    @Test
    void aFailedJobIsAFailedTaskIn20251125AndACompletedCallWhoseResultIsAnErrorIn20260728() {
        assertEquals(List.of("working", "completed", "failed", "cancelled"),
                List.of(TaskOutcome.values()).stream().map(TaskOutcome::legacyWire).toList());
        assertEquals(List.of("working", "completed", "completed", "cancelled"),
                List.of(TaskOutcome.values()).stream().map(TaskOutcome::modernWire).toList());
        assertEquals(List.of(TaskOutcome.FAILED),
                List.of(TaskOutcome.values()).stream().filter(TaskOutcome::isError).toList());
    }
}
