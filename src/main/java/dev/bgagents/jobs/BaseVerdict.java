package dev.bgagents.jobs;

/**
 * How a job's check went on the commit the job started from, asked only when it failed on the
 * job's work: a check that fails there too is not the job's doing (a project whose own tests are
 * red today); one that passes there is.
 *
 * @param commit   the base commit, its whole id
 * @param outcome  {@code failed} (it fails there too), {@code passed} (it passes there: the job broke it),
 *                 or {@code unknown} (it could not be run there: the job is judged as if it had not been asked)
 * @param exitCode the check's exit status on the base, when it exited
 * @param why      for {@code unknown}: why it could not be run there, one line
 */
public record BaseVerdict(String commit, String outcome, Integer exitCode, String why) {
    public static final String UNKNOWN = "unknown";

    public static BaseVerdict unknown(String commit, String why) {
        return new BaseVerdict(commit, UNKNOWN, null, why);
    }

    public boolean failed() {
        return Verification.FAILED.equals(outcome);
    }

    public boolean passed() {
        return Verification.PASSED.equals(outcome);
    }

    /** The commit as people read it: its first seven characters. */
    public String shortCommit() {
        return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()));
    }
}
