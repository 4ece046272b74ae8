package dev.bgagents.orchestration.api;

import dev.bgagents.jobs.Job;

import java.util.List;
import java.util.Optional;

/** A plan run as one thing to follow: the jobs of its tasks, and its summary. */
public interface PlanViews {

    /** @param summary the plan's summary.md as it stands: where every task is and what to do next */
    record PlanRun(String session, List<TaskJob> tasks, String summary) {
        public PlanRun {
            tasks = List.copyOf(tasks);
        }

        public boolean active() {
            return tasks.stream().anyMatch(t -> t.job().status().isActive());
        }
    }

    record TaskJob(String taskId, Job job) {
    }

    /** The tasks of a session that have a job, or empty for a session that does not exist. */
    Optional<PlanRun> run(String session);
}
