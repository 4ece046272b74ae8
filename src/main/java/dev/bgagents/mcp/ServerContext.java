package dev.bgagents.mcp;

import dev.bgagents.agents.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.Scheduler;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.project.Confinement;
import dev.bgagents.summary.Redactor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the tools share: the project, its config, the providers and the job runtime. */
record ServerContext(Path project, Config config, Providers providers, Scheduler scheduler, Redactor redactor,
                     PlanSessions plans, PlanTracker planTracker, Confinement confinement) {

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
        return confined(() -> confinement.directory("workdir", arg, project));
    }

    /** A path check of {@link Confinement}, its refusal as the tool's one-line error. */
    static <T> T confined(Check<T> check) {
        try {
            return check.run();
        } catch (Confinement.Refused e) {
            throw new BadInput(e.getMessage());
        }
    }

    interface Check<T> {
        T run() throws Confinement.Refused;
    }

    /** A caller's value for a one-line message: quoted, control characters shown as ?, clipped. */
    static String quoted(String s) {
        return "\"" + clip(s.replaceAll("\\p{Cntrl}", "?")) + "\"";
    }

    /**
     * A model name as the CLIs take them ("sonnet", "gpt-5.5", "qwen2.5-coder:7b",
     * "anthropic/claude-sonnet-4"); never option-like, as it lands in an argument vector.
     */
    static String model(String m) {
        if (m != null && !MODEL.matcher(m).matches()) {
            throw new BadInput("model " + quoted(m) + " is not a model name: letters, digits and . _ : / @ + - "
                    + "(not starting with -), at most 100");
        }
        return m;
    }

    private static final java.util.regex.Pattern MODEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}");

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "…";
    }
}
