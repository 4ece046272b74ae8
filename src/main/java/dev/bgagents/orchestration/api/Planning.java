package dev.bgagents.orchestration.api;

import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.Planner;

import java.util.List;

/** Turning a plan into tasks, waves and task files. */
public interface Planning {

    /** Exactly one of {@code plan}, {@code planPath} and {@code tasks} (the host's own decomposition). */
    record Request(String plan, String planPath, List<Planner.HostTask> tasks, String feature, String workdir) {
    }

    /** The session written, and its directory relative to the project. */
    record Decomposed(PlanStatus plan, String dir) {
    }

    Decomposed decompose(Request request);
}
