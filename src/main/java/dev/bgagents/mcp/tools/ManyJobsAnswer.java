package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Spawning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** spawn_agent's answer when one call started several jobs: a plan's tasks, or a best-of-N group's attempts. */
final class ManyJobsAnswer {
    private ManyJobsAnswer() {
    }

    /** What the host reads of a started best-of-N group: its id, and a line per attempt. */
    static Answer group(Spawning.GroupStarted g) {
        StringBuilder text = new StringBuilder("Started ").append(g.attempts().size()).append(" attempts as ")
                .append(g.group()).append(':');
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Spawning.Started s : g.attempts()) {
            Job j = s.job();
            text.append(' ').append(j.id()).append(" (").append(j.status().wire()).append(')');
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job_id", j.id());
            m.put("status", j.status().wire());
            m.put("provider", j.spec().provider());
            jobs.add(m);
        }
        String wait = "job_status {job_ids: [\"" + g.group() + "\"], wait: \"all\"}, then read_summary {job_id: \""
                + g.group() + "\"}";
        text.append(". Wait: ").append(wait).append('.');
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", g.attempts().stream().anyMatch(a -> a.job().status() == JobStatus.RUNNING) ? "running" : "queued");
        s.put("group", g.group());
        s.put("jobs", jobs);
        s.put("next", wait);
        return Answer.of(text.toString(), s);
    }

    static Answer plan(Spawning.PlanStarted p) {
        long afterDeps = p.jobs().stream().filter(j -> j.waiting() && j.forDependencies()).count();
        long forSlot = p.jobs().stream().filter(j -> j.waiting() && !j.forDependencies()).count();
        long startedNow = p.jobs().size() - afterDeps - forSlot;
        StringBuilder text = new StringBuilder();
        text.append("Plan ").append(p.session()).append(": ").append(startedNow).append(" started, ")
                .append(afterDeps).append(" queued until their dependencies succeed")
                .append(forSlot > 0 ? ", " + forSlot + " until a slot frees." : ".");
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Spawning.TaskJob t : p.jobs()) {
            Job j = t.job();
            text.append("\n").append(String.format("%02d", t.taskNumber())).append(" ").append(j.id()).append(' ')
                    .append(j.status().wire());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", t.taskId());
            m.put("job_id", j.id());
            m.put("status", j.status().wire());
            if (j.workspace() != null) {
                m.put("branch", j.workspace().branch());
            }
            jobs.add(m);
        }
        if (!p.skipped().isEmpty()) {
            text.append("\nAlready run: ").append(String.join(", ", p.skipped()));
        }
        text.append("\nWait: job_status wait=\"all\"; a failed task cancels only its dependents.");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", startedNow > 0 ? "running" : "queued");
        s.put("session", p.session());
        s.put("jobs", jobs);
        if (!p.skipped().isEmpty()) {
            s.put("notes", "already run: " + String.join(", ", p.skipped()));
        }
        s.put("next", "job_status {wait: \"all\"}; a failed task cancels only its dependents");
        if (p.jobs().size() == 1) {
            Job j = p.jobs().get(0).job();
            s.put("job_id", j.id());
            s.put("provider", j.spec().provider());
            if (j.workspace() != null) {
                s.put("branch", j.workspace().branch());
            }
        }
        return Answer.of(text.toString(), s);
    }
}
