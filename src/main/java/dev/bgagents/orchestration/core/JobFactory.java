package dev.bgagents.orchestration.core;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.config.ApprovalSettings;
import dev.bgagents.providers.Providers;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobSpecBuilder;
import dev.bgagents.project.KnownProjects;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.project.WorktreeHome;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.text.Clip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The one path from a request to a recorded job, shared by spawns, resumes and plan runs. */
public final class JobFactory {
    private final Path project;
    private final Providers providers;
    private final JobRuntime runtime;

    private final WorktreeHome worktrees;
    private final WorktreeBootstrap bootstrap;

    public JobFactory(Path project, Providers providers, JobRuntime runtime, WorktreeHome worktrees,
                      WorktreeBootstrap bootstrap) {
        this.worktrees = worktrees;
        this.bootstrap = bootstrap;
        this.project = project;
        this.providers = providers;
        this.runtime = runtime;
    }

    /** A provider ready to run, or a refusal naming what is missing. */
    public Providers.Resolved resolve(String provider) {
        try {
            return providers.resolve(provider);
        } catch (Providers.UnavailableException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}");

    /**
     * A model name as the CLIs take them ("sonnet", "gpt-5.5", "qwen2.5-coder:7b",
     * "anthropic/claude-sonnet-4"); never option-like, as it lands in an argument vector.
     */
    public static String checkedModel(String m) {
        if (m != null && !MODEL.matcher(m).matches()) {
            throw new Refusal("model " + Refusal.quoted(m) + " is not a model name: letters, digits and . _ : / @ + - "
                    + "(not starting with -), at most 100");
        }
        return m;
    }

    /** Where this project's jobs' worktrees go. */
    public WorktreeHome worktrees() {
        return worktrees;
    }

    /** What the project does to its jobs' worktrees beyond git: each removal runs its teardown through this. */
    public WorktreeBootstrap bootstrap() {
        return bootstrap;
    }

    public String newId(String provider) {
        return runtime.store().newId(resolve(provider).cli().name());
    }

    public Draft draft(String provider, String prompt, Path workdir) {
        return new Draft(provider, prompt, workdir);
    }

    /**
     * A job to be: what to run and where first; then its spec as the caller wants it (the spec's own
     * builder: limits, relations, its check), and what is not part of the spec — an id allocated
     * earlier, the session it resumes, its worktree; then {@link #submit()}.
     */
    public final class Draft {
        private final String provider;
        private final String prompt;
        private final Path workdir;
        private final JobSpecBuilder spec;
        private String id;
        private String resumeSessionId;
        private Workspace workspace;
        private Map<String, String> extraEnv = Map.of();

        private Draft(String provider, String prompt, Path workdir) {
            this.provider = provider;
            this.prompt = prompt;
            this.workdir = workdir;
            this.spec = JobSpec.builder(null, provider);
        }

        /** The spec as the caller wants it; title, workdir, command and environment are the factory's. */
        public Draft spec(java.util.function.Consumer<JobSpecBuilder> settings) {
            settings.accept(spec);
            return this;
        }

        /** An id allocated earlier (its branch is named after it); else one is allocated now. */
        public Draft id(String jobId) {
            this.id = jobId;
            return this;
        }

        /** Continues {@code earlierJob}'s session {@code sessionId} (null for a CLI without sessions). */
        public Draft resuming(String sessionId, String earlierJob) {
            this.resumeSessionId = sessionId;
            spec.resumeOf(earlierJob);
            return this;
        }

        /** Variables its processes get beside the CLI adapter's (never secrets: those come from the config). */
        public Draft env(Map<String, String> vars) {
            this.extraEnv = vars;
            return this;
        }

        /** Its git worktree; none to run in place. */
        public Draft workspace(Workspace w) {
            this.workspace = w;
            return this;
        }

        /** Records the job; it starts now when a slot is free and nothing is waited for. */
        public Job submit() {
            Providers.Resolved resolved = resolve(provider);
            JobSpec asked = spec.build();
            String m = asked.run().model() != null ? asked.run().model()
                    : resolved.config() == null ? null : resolved.config().model();
            Permissions permissions = Permissions.fromWire(asked.run().permissions()).orElse(Permissions.WORKSPACE_WRITE);
            if (permissions == Permissions.ASK && !resolved.cli().canAsk()) {
                List<String> can = providers.askers();
                throw new Refusal("permissions ask needs a CLI that can ask a person, and " + resolved.cli().name()
                        + " cannot: " + (can.isEmpty() ? "none here can yet (bg-agents doctor lists each); use workspace-write"
                        : "use " + String.join(" or ", can) + ", or workspace-write"));
            }
            if (permissions == Permissions.ASK && asked.runner() != null) {
                throw new Refusal("permissions ask needs the job's relay on this machine, and a pod on " + asked.runner()
                        + " has no channel back to a person: run it locally, or use workspace-write");
            }
            Invocation inv = resolved.cli().invocation(resolved.executable(), new AgentRequest(prompt, workdir, m,
                    permissions, resumeSessionId, asked.limits().budget().maxTurns(), asked.run().untrustedWorkdir()));
            String jobId = id != null ? id : runtime.store().newId(resolved.cli().name());
            Map<String, String> env = new java.util.HashMap<>(inv.env());
            env.putAll(extraEnv);
            if (permissions == Permissions.ASK) {
                // the job-side relay reads it: no answer by then is a deny
                env.put(ApprovalSettings.ENV, Integer.toString(providers.approvalSeconds()));
            }
            JobSpec made = spec.title(Clip.oneLine(prompt.lines().findFirst().orElse(""), 80))
                    .workdir(workdir.toString()).model(m).command(inv.argv(), inv.promptOnStdin())
                    .env(env, inv.unsetEnv()).build().identified(jobId, resolved.cli().name());
            try {
                ProjectDir.excludeState(project);
                Job job = runtime.submit(made, prompt, workspace);
                KnownProjects.ofUser().remember(project);
                return job;
            } catch (IOException e) {
                throw new Refusal("cannot record the job under " + runtime.store().root() + ": " + e.getMessage());
            }
        }
    }
}
