package dev.bgagents.mcp;

import dev.bgagents.agents.AgentRequest;
import dev.bgagents.text.Clip;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.Providers;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Turns a validated request into a recorded job: the one path spawn_agent and resume_session share. */
final class AgentJobs {
    private AgentJobs() {
    }

    /**
     * What to run; {@code resumeSessionId} and {@code resumeOf} are null for a fresh session,
     * {@code id} null to allocate one, {@code workspace} null to run in place; {@code dependsOn}
     * jobs must succeed first; {@code plan} and {@code planTask} name the plan task it runs, or are null.
     */
    record Request(String id, String provider, String prompt, Path workdir, String model, Permissions permissions,
                   double timeoutMinutes, double stallMinutes, String resumeSessionId, String resumeOf,
                   Workspace workspace, List<String> dependsOn, String plan, String planTask) {
    }

    static Providers.Resolved resolve(ServerContext ctx, String provider) {
        try {
            return ctx.providers().resolve(provider);
        } catch (Providers.UnavailableException e) {
            throw new BadInput(e.getMessage());
        }
    }

    static Job start(ServerContext ctx, Request r) {
        Providers.Resolved resolved = resolve(ctx, r.provider());
        String model = r.model() != null ? r.model() : resolved.config() == null ? null : resolved.config().model();
        Invocation inv = resolved.cli().invocation(resolved.executable(),
                new AgentRequest(r.prompt(), r.workdir(), model, r.permissions(), r.resumeSessionId()));
        String id = r.id() != null ? r.id() : ctx.store().newId(resolved.cli().name());
        JobSpec spec = new JobSpec(id, resolved.cli().name(), Clip.oneLine(r.prompt().lines().findFirst().orElse(""), 80),
                r.workdir().toString(), model, r.permissions().wire(), inv.argv(), inv.promptOnStdin(), inv.env(),
                inv.unsetEnv(), r.timeoutMinutes(), r.stallMinutes(), Instant.now(), r.resumeOf(), r.dependsOn(),
                r.plan(), r.planTask());
        try {
            ProjectDir.excludeState(ctx.project());
            return ctx.scheduler().submit(spec, r.prompt(), r.workspace());
        } catch (IOException e) {
            throw new BadInput("cannot record the job under " + ctx.store().root() + ": " + e.getMessage());
        }
    }
}
