package dev.bgagents.jobs;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Usage;

/**
 * How a job's check went, and where the job is in its fix rounds: what the record keeps so a
 * server that takes the job over mid-round knows how many fixes are left and which output is
 * the current round's.
 *
 * @param outcome    {@code passed}, {@code failed}, {@code timed_out} or {@code not_run}; null while the
 *                   first run of the agent has not been checked yet
 * @param exitCode   the check's exit status, when it exited
 * @param tail       the end of the check's output when it did not pass (compact, for the summary and the fix prompt)
 * @param fixes      fix rounds started so far
 * @param seconds    how long the last check ran
 * @param stdoutFrom where the current round's output starts in stdout.log (rounds append)
 * @param stderrFrom the same for stderr.log
 * @param earlier    what the rounds before the current one spent
 * @param base       how the same check went on the job's base commit, asked when it failed on the job's
 *                   work; null when it was not asked (records of earlier servers have none)
 */
public record Verification(String outcome, Integer exitCode, String tail, int fixes, double seconds,
                           long stdoutFrom, long stderrFrom, Usage earlier, BaseVerdict base) {
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";
    public static final String NOT_RUN = "not_run";

    public Verification {
        earlier = earlier == null ? Usage.NONE : earlier;
    }

    public boolean passed() {
        return PASSED.equals(outcome);
    }

    /** It failed on the job's work and on the job's base alike: not the job's doing. */
    public boolean failsOnBase() {
        return FAILED.equals(outcome) && base != null && base.failed();
    }

    /** The same result, judged against the job's base. */
    public Verification judged(BaseVerdict onBase) {
        return new Verification(outcome, exitCode, tail, fixes, seconds, stdoutFrom, stderrFrom, earlier, onBase);
    }

    /** A check's result, the rounds so far kept. */
    public static Verification checked(Verification before, String outcome, Integer exit, String tail, double seconds) {
        Verification b = before == null ? new Verification(null, null, null, 0, 0, 0, 0, Usage.NONE, null) : before;
        return new Verification(outcome, exit, tail, b.fixes, seconds, b.stdoutFrom, b.stderrFrom, b.earlier, null);
    }

    /** The next fix round, its output starting at the given offsets, the ended round's spending added. */
    public Verification nextRound(long stdoutAt, long stderrAt, Usage spent) {
        return new Verification(outcome, exitCode, tail, fixes + 1, seconds, stdoutAt, stderrAt, earlier.plus(spent),
                base);
    }

    /** A fix round's report counts what the rounds before it spent ({@code v} may be null: none before). */
    public static AgentReport countingEarlierRounds(Verification v, AgentReport r) {
        if (v == null || v.earlier().isEmpty()) {
            return r;
        }
        return new AgentReport(r.succeeded(), r.reason(), r.sessionId(), r.finalMessage(), v.earlier().plus(r.usage()),
                r.filesChanged(), r.commands(), r.errors(), r.turns());
    }
}
