package dev.bgagents.mcp;

import dev.bgagents.agents.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.Scheduler;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.summary.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the tools share: the project, its config, the providers and the job runtime. */
record ServerContext(Path project, Config config, Providers providers, Scheduler scheduler, Redactor redactor,
                     PlanSessions plans, PlanTracker planTracker) {

    /** Secrets to keep out of answers: this process's environment and the env the config gives agents. */
    static Redactor redactorFor(Config config) {
        Map<String, String> env = new HashMap<>(System.getenv());
        config.providers().values().forEach(p -> env.putAll(p.env()));
        return new Redactor(env);
    }

    JobStore store() {
        return scheduler.store();
    }

    /** A job by id, or a one-line error naming what is wrong with the id. */
    Job job(String id) {
        if (id == null || id.isBlank()) {
            throw new BadInput("missing \"job_id\": pass the id spawn_agent returned (job_status lists them)");
        }
        if (!JobStore.ID.matcher(id).matches()) {
            throw new BadInput("malformed job id \"" + clip(id) + "\": ids look like claude-3f9a1c (job_status lists them)");
        }
        // a job another server on this project started a moment ago is on disk already
        return store().get(id).or(() -> {
            store().discover();
            return store().get(id);
        }).orElseThrow(() -> new BadInput("unknown job id \"" + id + "\": job_status lists the jobs of this project"));
    }

    /** An existing directory from a tool's {@code workdir} (relative to the project), or the project. */
    Path workdir(String arg) {
        if (arg == null || arg.isBlank()) {
            return project;
        }
        Path p = project.resolve(arg).normalize();
        if (!Files.isDirectory(p)) {
            throw new BadInput("workdir " + clip(arg) + " does not exist or is not a directory: pass an existing directory");
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new BadInput("workdir " + clip(arg) + " cannot be resolved: " + e.getMessage());
        }
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "…";
    }
}
