package dev.bgagents.orchestration.checks;

import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;

/** What the agent is told when its work fails the check: the command, how it ended, its output's tail. */
final class FixPrompt {
    private FixPrompt() {
    }

    static String render(VerifySpec spec, Verification v, int round) {
        String how = Verification.TIMED_OUT.equals(v.outcome())
                ? "did not finish within " + spec.timeoutMinutes() + " minutes"
                : "exited " + v.exitCode();
        StringBuilder p = new StringBuilder();
        p.append("Your change does not pass the project's check yet: `").append(spec.shown()).append("` ")
                .append(how).append(" (fix attempt ").append(round).append(" of ").append(spec.fixAttempts())
.append(").\n\n");
        if (v.base() != null && v.base().passed()) {
            p.append("It passes on the commit this work started from (").append(v.base().shortCommit())
                    .append("), so the change made it fail.\n\n");
        }
        if (v.tail() != null && !v.tail().isBlank()) {
            p.append("The end of its output:\n\n```\n").append(v.tail().replace("```", "'''")).append("\n```\n\n");
        }
        p.append("Find the cause and fix it here, in this working directory. Run `").append(spec.shown())
                .append("` again to confirm it passes, then end with a short report of what you changed.\n");
        return p.toString();
    }
}
