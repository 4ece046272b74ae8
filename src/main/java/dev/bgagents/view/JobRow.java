package dev.bgagents.view;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One job as a person sees it in a table or on the dashboard.
 *
 * @param status   the record's status, or {@code exited N} when the agent's exit record is there
 *                 and no server has recorded the end yet
 * @param active   still queued or running (an exited job is not)
 * @param seconds  its duration: to the agent's exit when it has exited, else to now
 * @param activity what it did last, or why it failed or waits
 * @param plan     the plan session it runs a task of, or null
 * @param wave     that task's wave (1-based), or 0
 * @param diffstat its worktree's diffstat once sealed
 * @param workdir  where the agent ran (its worktree): paths under it read shorter without it
 */
public record JobRow(Path project, String id, String provider, String status, boolean active, long seconds,
                     String task, String activity, String plan, String planTask, int wave, List<String> dependsOn,
                     Instant createdAt, String branch, List<String> diffstat, String workdir) {
    public JobRow {
        dependsOn = List.copyOf(dependsOn);
        diffstat = diffstat == null ? List.of() : List.copyOf(diffstat);
    }

    /** The word that says how it went, for colour: running, queued, succeeded, failed … */
    public String state() {
        return status.startsWith("exited") ? (status.equals("exited 0") ? "succeeded" : "failed") : status;
    }

    public String planLabel() {
        return plan == null ? "" : planTask + (wave > 0 ? " w" + wave : "");
    }
}
