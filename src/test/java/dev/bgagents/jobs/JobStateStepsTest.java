package dev.bgagents.jobs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A job's steps on record: a start, an end, a start a crash cut short made again, rounds kept apart. */
class JobStateStepsTest {
    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void aStepStartsAndEndsWithItsOutcome() {
        JobState s = JobState.queued().stepStarted("check", 0, T).stepEnded("check", 0, T.plusSeconds(3), "passed");
        assertEquals(List.of(new StepRecord("check", 0, T, T.plusSeconds(3), "passed")), s.steps());
        assertTrue(s.stepDone("check", 0));
        assertFalse(s.stepDone("check", 1), "another round's step is not done");
    }

    @Test
    void aStepStartedAgainAfterACrashReplacesTheOneThatNeverEnded() {
        JobState s = JobState.queued().stepStarted("check", 0, T).stepStarted("check", 0, T.plusSeconds(9));
        assertEquals(1, s.steps().size());
        assertEquals(T.plusSeconds(9), s.steps().get(0).startedAt());
        assertFalse(s.stepDone("check", 0));
    }

    @Test
    void roundsAreKeptApartAndAnEndedStepIsNeverReopened() {
        JobState s = JobState.queued().stepStarted("agent", 0, T).stepEnded("agent", 0, T.plusSeconds(1), "succeeded")
                .stepStarted("agent", 1, T.plusSeconds(2)).stepEnded("agent", 1, T.plusSeconds(3), "failed")
                .stepStarted("agent", 0, T.plusSeconds(4));
        assertEquals(List.of("agent/0 succeeded", "agent/1 failed", "agent/0 null"), s.steps().stream()
                .map(r -> r.name() + "/" + r.round() + " " + r.outcome()).toList());
    }

    @Test
    void anEndWithoutAStartOnRecordIsRecordedAsBothAtOnce() {
        JobState s = JobState.queued().stepEnded("agent", 0, T, "lost");
        assertEquals(List.of(new StepRecord("agent", 0, T, T, "lost")), s.steps());
    }

    @Test
    void everyTransitionKeepsTheSteps() {
        JobState s = JobState.queued().stepStarted("prepare", 0, T).launching(T).running(1, 2, T).activity("x", "y")
                .checked(null).read().alsoBecause("z").ended(JobStatus.FAILED, 1, "no", T);
        assertEquals(1, s.steps().size());
    }
}
