package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Spawning;

import java.util.ArrayList;
import java.util.List;

/** spawn_agent's answer when one call started several jobs: a plan's tasks, or a best-of-N group's attempts. */
final class ManyJobsAnswer {
    private ManyJobsAnswer() {
    }

    /** What the host reads of a started best-of-N group: its id, and a line per attempt. */
    static Answer group(Spawning.GroupStarted g) {
        StringBuilder text = new StringBuilder("Started ").append(g.attempts().size()).append(" attempts as ")
                .append(g.group()).append(':');
        List<SpawnAgentTool.Started> jobs = new ArrayList<>();
        for (Spawning.Started s : g.attempts()) {
            Job j = s.job();
            text.append(' ').append(j.id()).append(" (").append(j.status().wire()).append(')');
            jobs.add(new SpawnAgentTool.Started(null, j.spec().provider(), j.id(), j.status(), null));
        }
        String wait = "job_status {job_ids: [\"" + g.group() + "\"], wait: \"all\"}, then read_summary {job_id: \""
                + g.group() + "\"}";
        text.append(". Wait: ").append(wait).append('.');
        JobStatus status = g.attempts().stream().anyMatch(a -> a.job().status().isStarted())
                ? JobStatus.RUNNING : JobStatus.QUEUED;
        return Answer.of(text.toString(), new SpawnAgentTool.Output(null, status, null, null, null, null, null, null,
                null, wait, null, g.group(), jobs));
    }

    static Answer plan(Spawning.PlanStarted p) {
        long afterDeps = p.jobs().stream().filter(j -> j.waiting() && j.forDependencies()).count();
        long forSlot = p.jobs().stream().filter(j -> j.waiting() && !j.forDependencies()).count();
        long startedNow = p.jobs().size() - afterDeps - forSlot;
        StringBuilder text = new StringBuilder();
        text.append("Plan ").append(p.session()).append(": ").append(startedNow).append(" started, ")
                .append(afterDeps).append(" queued until their dependencies succeed")
                .append(forSlot > 0 ? ", " + forSlot + " until a slot frees." : ".");
        List<SpawnAgentTool.Started> jobs = new ArrayList<>();
        for (Spawning.TaskJob t : p.jobs()) {
            Job j = t.job();
            text.append("\n").append(String.format("%02d", t.taskNumber())).append(" ").append(j.id()).append(' ')
                    .append(j.status().wire());
            // branches of a plan's tasks are named by its summary and merged by its session: not repeated here
            jobs.add(new SpawnAgentTool.Started(t.taskId(), null, j.id(), j.status(), null));
        }
        if (!p.skipped().isEmpty()) {
            text.append("\nAlready run: ").append(String.join(", ", p.skipped()));
        }
        String wait = "job_status {session: \"" + p.session() + "\", wait: \"all\"}";
        text.append("\nWait: ").append(wait).append("; a failed task cancels only its dependents.");
        Job only = p.jobs().size() == 1 ? p.jobs().get(0).job() : null;
        return Answer.of(text.toString(), new SpawnAgentTool.Output(only == null ? null : only.id(),
                startedNow > 0 ? JobStatus.RUNNING : JobStatus.QUEUED, only == null ? null : only.spec().provider(),
                null, null, null, null, only == null ? null : only.branch(),
                p.skipped().isEmpty() ? null : "already run: " + String.join(", ", p.skipped()),
                wait + "; a failed task cancels only its dependents", p.session(), null, jobs));
    }
}
