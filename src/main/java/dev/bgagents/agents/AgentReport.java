package dev.bgagents.agents;

import dev.bgagents.text.Clip;
import java.util.List;

/**
 * What one agent run amounted to, normalised across CLIs: the summary, job_status and
 * the job record all read this and never the raw stream.
 *
 * @param succeeded   the CLI's own verdict (its success test), not just exit code 0
 * @param reason      one line on why it failed or how it ended; null on plain success
 * @param finalMessage the agent's last answer to the task, untrimmed
 */
public record AgentReport(boolean succeeded, String reason, String sessionId, String finalMessage,
                          Usage usage, List<String> filesChanged, List<CommandRun> commands,
                          List<String> errors, Integer turns) {
    public AgentReport {
        usage = usage == null ? Usage.NONE : usage;
        filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
        commands = commands == null ? List.of() : List.copyOf(commands);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /**
     * This report, with the usage and turns the stream showed while it ran where the end tells
     * none (a run stopped before its CLI could total them up).
     */
    public AgentReport orSoFar(StreamParser parser) {
        Usage u = usage.isEmpty() ? parser.usageSoFar() : usage;
        Integer soFar = parser.turnsSoFar();
        Integer t = turns == null && soFar != null && soFar > 0 ? soFar : turns;
        return u == usage && t == turns ? this
                : new AgentReport(succeeded, reason, sessionId, finalMessage, u, filesChanged, commands, errors, t);
    }

    /** The reason for a CLI that exited non-zero without saying why in its stream. */
    public static String exitReason(int exitCode, String stderrTail) {
        String last = Clip.lastLine(stderrTail);
        String prefix = exitCode == 127 ? "command not found (exit 127)"
                : exitCode > 128 ? "killed by signal " + (exitCode - 128)
                : "exited " + exitCode + " without a result";
        return last == null ? prefix : prefix + ": " + Clip.oneLine(last, 160);
    }
}
