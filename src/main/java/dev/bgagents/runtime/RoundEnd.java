package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.process.ElsewhereEnd;
import dev.bgagents.process.Ending;
import dev.bgagents.process.KillOutcome;
import dev.bgagents.process.RunningJob;

/**
 * How one agent round ended, before the steps after it have their say: the status and reason
 * its ending, its agent's report and what was left to kill add up to.
 */
final class RoundEnd {
    private RoundEnd() {
    }

    /** The round's outcome; {@code ending} is already corrected for a stop to steer. */
    static JobStep.Outcome of(RunningJob a, Ending ending, AgentReport report, KillOutcome kill) {
        JobStatus status;
        String reason;
        String said = null;
        switch (ending.kind()) {
            case NATURAL -> {
                status = report.succeeded() ? JobStatus.SUCCEEDED : JobStatus.FAILED;
                reason = report.reason();
                if (!kill.nothingToKill()) {
                    reason = (reason == null ? "" : reason + "; ") + "left processes behind: " + kill.describe();
                }
            }
            case LOST -> {
                status = JobStatus.LOST;
                reason = ExitRecord.whyMissing(a.files().dir());
            }
            case STEER -> { // stopped on purpose: the steer step after the seal resumes it
                status = ending.status();
                reason = ending.reason();
                said = StepRecord.STEERED;
            }
            default -> {
                status = ending.status();
                reason = ending.reason() + (kill.nothingToKill() ? "" : ": " + kill.describe());
            }
        }
        // a runner elsewhere knew why its agent ended (out of memory, evicted, never scheduled, …)
        boolean byItself = ending.kind() == Ending.Kind.NATURAL || ending.kind() == Ending.Kind.LOST;
        return ElsewhereEnd.read(a.files().runnerEnd()).filter(e -> byItself)
                .map(e -> JobStep.Outcome.of(e.status(), e.reason(), null)).orElse(JobStep.Outcome.of(status, reason, said));
    }
}
