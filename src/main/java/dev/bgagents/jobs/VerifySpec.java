package dev.bgagents.jobs;

import java.util.List;

/**
 * The check a job's work must pass before it counts as done, fixed when the job is made: run in
 * the job's directory after the agent ends, as an argument vector from the config or detected
 * from the repository's build files — never from a tool argument.
 *
 * @param command     the argument vector
 * @param label       how the host named it ({@code auto} or a name from bg-agents.json)
 * @param fixAttempts how many times the agent's own session is resumed with the failure before the job ends
 * @param timeoutMinutes bound on one run of the check
 */
public record VerifySpec(List<String> command, String label, int fixAttempts, double timeoutMinutes) {
    public VerifySpec {
        command = List.copyOf(command);
    }

    /** The command as a person would type it, for summaries. */
    public String shown() {
        return String.join(" ", command);
    }
}
