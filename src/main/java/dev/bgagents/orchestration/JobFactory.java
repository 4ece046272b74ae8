package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.Usage;
import dev.bgagents.providers.Providers;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.project.KnownProjects;
import dev.bgagents.project.ProjectDir;
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

    public JobFactory(Path project, Providers providers, JobRuntime runtime) {
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

    public String newId(String provider) {
        return runtime.store().newId(resolve(provider).cli().name());
    }

    public Draft draft(String provider, String prompt, Path workdir) {
        return new Draft(provider, prompt, workdir);
    }

    /** A job to be: what to run is given first, the rest as needed, then {@link #submit()}. */
    public final class Draft {
        private final String provider;
        private final String prompt;
        private final Path workdir;
        private String id;
        private String model;
        private Permissions permissions = Permissions.WORKSPACE_WRITE;
        private double timeoutMinutes;
        private double stallMinutes;
        private String resumeSessionId;
        private String resumeOf;
        private Workspace workspace;
        private List<String> dependsOn = List.of();
        private String plan;
        private String planTask;
        private VerifySpec verify;
        private String group;
        private String reviewOf;
        private boolean untrustedWorkdir;
        private Map<String, String> extraEnv = Map.of();
        private String reviewedCommit;
        private List<String> fallback = List.of();
        private String fallbackOf;
        private Usage spentBefore;
        private Budget budget = Budget.NONE;
        private Budget planBudget = Budget.NONE;

        private Draft(String provider, String prompt, Path workdir) {
            this.provider = provider;
            this.prompt = prompt;
            this.workdir = workdir;
        }

        /** An id allocated earlier (its branch is named after it); else one is allocated now. */
        public Draft id(String jobId) {
            this.id = jobId;
            return this;
        }

        public Draft model(String m) {
            this.model = m;
            return this;
        }

        public Draft permissions(Permissions p) {
            this.permissions = p;
            return this;
        }

        public Draft limits(double timeout, double stall) {
            this.timeoutMinutes = timeout;
            this.stallMinutes = stall;
            return this;
        }

        /** Continues {@code earlierJob}'s session {@code sessionId} (null for a CLI without sessions). */
        public Draft resuming(String sessionId, String earlierJob) {
            this.resumeSessionId = sessionId;
            this.resumeOf = earlierJob;
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

        public Draft dependsOn(List<String> jobIds) {
            this.dependsOn = jobIds;
            return this;
        }

        public Draft planTask(String session, String taskId) {
            this.plan = session;
            this.planTask = taskId;
            return this;
        }

        /** The check its work must pass after the agent ends (fix rounds included); none when null. */
        public Draft verify(VerifySpec v) {
            this.verify = v;
            return this;
        }

        /** One attempt of a best-of-N group. */
        public Draft group(String g) {
            this.group = g;
            return this;
        }

        /** The job whose branch this one reviews, and the commit (a whole id) the branch is at as it begins. */
        public Draft reviewOf(String jobId, String commit) {
            this.reviewOf = jobId;
            this.reviewedCommit = commit;
            return this;
        }

        /**
         * Its workdir holds another agent's files (a reviewer in the author's worktree): the CLI is told to
         * load no configuration from there — hooks, MCP servers, plugins, settings.
         */
        public Draft untrustedWorkdir(boolean untrusted) {
            this.untrustedWorkdir = untrusted;
            return this;
        }

        /** Providers to re-run the task on should its provider fail it; the job this one re-runs, if any. */
        public Draft fallback(List<String> providers, String ofJob) {
            this.fallback = providers;
            this.fallbackOf = ofJob;
            return this;
        }

        /** For a fallback: what the jobs before it in its chain spent, counted against its budget. */
        public Draft spentBefore(Usage spent) {
            this.spentBefore = spent == null || spent.isEmpty() ? null : spent;
            return this;
        }

        /** What this job may spend, and what its plan's jobs together may (both NONE: no limit). */
        public Draft budgets(Budget job, Budget plan) {
            this.budget = job == null ? Budget.NONE : job;
            this.planBudget = plan == null ? Budget.NONE : plan;
            return this;
        }

        /** Records the job; it starts now when a slot is free and nothing is waited for. */
        public Job submit() {
            Providers.Resolved resolved = resolve(provider);
            String m = model != null ? model : resolved.config() == null ? null : resolved.config().model();
            Invocation inv = resolved.cli().invocation(resolved.executable(),
                    new AgentRequest(prompt, workdir, m, permissions, resumeSessionId, budget.maxTurns(),
                            untrustedWorkdir));
            String jobId = id != null ? id : runtime.store().newId(resolved.cli().name());
            JobSpec spec = JobSpec.builder(jobId, resolved.cli().name())
                    .title(Clip.oneLine(prompt.lines().findFirst().orElse(""), 80))
                    .workdir(workdir.toString()).model(m).permissions(permissions.wire())
                    .command(inv.argv(), inv.promptOnStdin()).env(withExtra(inv.env()), inv.unsetEnv())
                    .limits(timeoutMinutes, stallMinutes).resumeOf(resumeOf).dependsOn(dependsOn)
                    .planTask(plan, planTask).verify(verify).group(group).reviewOf(reviewOf)
                    .reviewedCommit(reviewedCommit).untrustedWorkdir(untrustedWorkdir).fallback(fallback, fallbackOf)
                    .spentBefore(spentBefore).budgets(budget, planBudget).build();
            try {
                ProjectDir.excludeState(project);
                Job job = runtime.submit(spec, prompt, workspace);
                KnownProjects.ofUser().remember(project);
                return job;
            } catch (IOException e) {
                throw new Refusal("cannot record the job under " + runtime.store().root() + ": " + e.getMessage());
            }
        }

        private Map<String, String> withExtra(Map<String, String> adapterEnv) {
            Map<String, String> all = new java.util.HashMap<>(adapterEnv);
            all.putAll(extraEnv);
            return all;
        }
    }
}
