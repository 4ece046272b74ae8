package dev.bgagents.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.summary.Redactor;
import dev.bgagents.view.JobRow;
import dev.bgagents.view.ProjectJobs;
import dev.bgagents.view.RecentJobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the page shows, as one JSON document: the jobs, their plans, summaries and log tails. */
final class Snapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUMMARY_CHARS = 1500;
    private static final int PLANS_PER_PROJECT = 3;

    private final List<ProjectJobs> projects;
    private final LogTails tails = new LogTails();
    private final Redactor redactor;

    Snapshot(List<ProjectJobs> projects, Redactor redactor) {
        this.projects = projects;
        this.redactor = redactor;
    }

    /** The page's data now; the same text as before when nothing a person sees has changed. */
    String json() throws JsonProcessingException {
        List<JobRow> rows = new ArrayList<>();
        List<Map<String, Object>> plans = new ArrayList<>();
        List<Map<String, Object>> projectList = new ArrayList<>();
        for (ProjectJobs p : projects) {
            List<JobRow> mine = p.rows();
            rows.addAll(mine);
            projectList.add(Map.of("path", p.project().toString(), "name", name(p.project())));
            Map<String, JobRow> byId = new HashMap<>();
            mine.forEach(r -> byId.put(r.id(), r));
            for (PlanStatus plan : p.plans(PLANS_PER_PROJECT)) {
                plans.add(plan(p.project(), plan, byId));
            }
        }
        List<Map<String, Object>> jobs = new ArrayList<>();
        List<JobRow> shown = RecentJobs.of(rows, Instant.now());
        tails.keepOnly(shown);
        for (JobRow r : shown) {
            jobs.add(job(r, projects.stream().filter(p -> p.project().equals(r.project())).findFirst().orElseThrow()));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("projects", projectList);
        doc.put("jobs", jobs);
        doc.put("plans", plans);
        return JSON.writeValueAsString(doc);
    }

    private Map<String, Object> job(JobRow r, ProjectJobs p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("project", name(r.project()));
        j.put("id", r.id());
        j.put("provider", r.provider());
        j.put("status", r.status());
        j.put("state", r.state());
        j.put("active", r.active());
        j.put("seconds", r.seconds());
        j.put("task", redactor.redact(r.task()));
        j.put("activity", redactor.redact(r.activity()));
        j.put("plan", r.planLabel());
        j.put("branch", r.branch());
        j.put("diffstat", r.diffstat().stream().map(redactor::redact).toList());
        j.put("log", tails.of(r, p.store().files(r.id()).stdout()).stream().map(redactor::redact).toList());
        j.put("summary", r.active() ? "" : summary(p.store().files(r.id()).summary()));
        j.put("requests", r.active() ? requests(p.store().files(r.id()).dir()) : List.of());
        return j;
    }

    /** The job's questions to a person with no answer yet, for the page's Allow and Deny. */
    private List<Map<String, Object>> requests(Path jobDir) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PersonRequest q : ChannelDir.of(jobDir).pending()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", q.id());
            m.put("line", redactor.redact(q.line()));
            m.put("deadline", q.deadline() == null ? null : q.deadline().toString());
            out.add(m);
        }
        return out;
    }

    private String summary(Path file) {
        try {
            String s = redactor.redact(Files.readString(file));
            return s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS) + "…";
        } catch (IOException notYet) {
            return "";
        }
    }

    private Map<String, Object> plan(Path project, PlanStatus plan, Map<String, JobRow> jobs) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (PlanTask t : plan.tasks()) {
            JobRow job = t.jobId() == null ? null : jobs.get(t.jobId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("title", redactor.redact(t.title()));
            m.put("depends_on", t.dependsOn());
            m.put("job_id", t.jobId());
            m.put("provider", t.provider());
            m.put("state", job != null ? job.state() : t.status() == null ? "pending" : t.status());
            tasks.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project", name(project));
        m.put("session", plan.session());
        m.put("title", redactor.redact(plan.title() == null ? plan.feature() : plan.title()));
        m.put("waves", plan.waves());
        m.put("tasks", tasks);
        return m;
    }

    private static String name(Path project) {
        return project.getFileName() == null ? project.toString() : project.getFileName().toString();
    }
}
