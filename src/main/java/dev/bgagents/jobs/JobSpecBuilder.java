package dev.bgagents.jobs;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a {@link JobSpec}: required parts first, the rest optional. */
public final class JobSpecBuilder {
    private final String id;
    private final String provider;
    private String title = "";
    private String workdir;
    private Instant createdAt = Instant.now();
    private String model;
    private String permissions = "workspace-write";
    private List<String> argv = List.of();
    private boolean promptOnStdin;
    private Map<String, String> env = Map.of();
    private List<String> unsetEnv = List.of();
    private boolean untrustedWorkdir;
    private double timeoutMinutes = 30;
    private double stallMinutes = 10;
    private Budget budget = Budget.NONE;
    private Budget planBudget = Budget.NONE;
    private Usage spentBefore;
    private VerifySpec verify;
    private String resumeOf;
    private List<String> dependsOn = List.of();
    private String plan;
    private String planTask;
    private String group;
    private String reviewOf;
    private String reviewedCommit;
    private List<String> fallback = List.of();
    private String fallbackOf;
    private String continuedFrom;
    private String deliver;
    private String runner;

    JobSpecBuilder(String id, String provider) {
        this.id = id;
        this.provider = provider;
    }

    public JobSpecBuilder title(String t) {
        this.title = t;
        return this;
    }

    public JobSpecBuilder workdir(String w) {
        this.workdir = w;
        return this;
    }

    public JobSpecBuilder createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public JobSpecBuilder model(String m) {
        this.model = m;
        return this;
    }

    public JobSpecBuilder permissions(String p) {
        this.permissions = p;
        return this;
    }

    public JobSpecBuilder command(List<String> argv, boolean promptOnStdin) {
        this.argv = argv;
        this.promptOnStdin = promptOnStdin;
        return this;
    }

    public JobSpecBuilder env(Map<String, String> env, List<String> unsetEnv) {
        this.env = env;
        this.unsetEnv = unsetEnv;
        return this;
    }

    public JobSpecBuilder untrustedWorkdir(boolean untrusted) {
        this.untrustedWorkdir = untrusted;
        return this;
    }

    public JobSpecBuilder limits(double timeoutMinutes, double stallMinutes) {
        this.timeoutMinutes = timeoutMinutes;
        this.stallMinutes = stallMinutes;
        return this;
    }

    public JobSpecBuilder budgets(Budget job, Budget plan) {
        this.budget = job;
        this.planBudget = plan;
        return this;
    }

    /** What the jobs before this one in its fallback chain spent; null when nothing. */
    public JobSpecBuilder spentBefore(Usage spent) {
        this.spentBefore = spent;
        return this;
    }

    public JobSpecBuilder verify(VerifySpec v) {
        this.verify = v;
        return this;
    }

    public JobSpecBuilder resumeOf(String jobId) {
        this.resumeOf = jobId;
        return this;
    }

    public JobSpecBuilder dependsOn(List<String> jobIds) {
        this.dependsOn = jobIds;
        return this;
    }

    public JobSpecBuilder planTask(String session, String taskId) {
        this.plan = session;
        this.planTask = taskId;
        return this;
    }

    public JobSpecBuilder group(String g) {
        this.group = g;
        return this;
    }

    public JobSpecBuilder reviewOf(String jobId) {
        this.reviewOf = jobId;
        return this;
    }

    /** The commit (a whole id) the branch under review is at as the review begins. */
    public JobSpecBuilder reviewedCommit(String commit) {
        this.reviewedCommit = commit;
        return this;
    }

    /** Providers to fall back to, and the job this one falls back from (null for the first). */
    public JobSpecBuilder fallback(List<String> providers, String ofJob) {
        this.fallback = providers;
        this.fallbackOf = ofJob;
        return this;
    }

    /** The ended job whose worktree and branch this one goes on with. */
    public JobSpecBuilder continuedFrom(String jobId) {
        this.continuedFrom = jobId;
        return this;
    }

    /** What becomes of its work once it passed ({@link JobSpec#PULL_REQUEST}), or null for a merge by the host. */
    public JobSpecBuilder deliver(String how) {
        this.deliver = how;
        return this;
    }

    /** Where its agent runs: null (this machine) or {@code kubernetes}. */
    public JobSpecBuilder runner(String where) {
        this.runner = where;
        return this;
    }

    public JobSpec build() {
        return new JobSpec(id, provider, title, workdir, createdAt,
                new JobSpec.Run(model, permissions, argv, promptOnStdin, env, unsetEnv, untrustedWorkdir),
                new JobSpec.Limits(timeoutMinutes, stallMinutes, budget, planBudget, spentBefore), verify,
                new JobSpec.Relations(resumeOf, dependsOn, plan, planTask, group, reviewOf, reviewedCommit, fallback,
                        fallbackOf, continuedFrom), deliver, runner);
    }
}
