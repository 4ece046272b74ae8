package dev.bgagents.jobs;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was asked for, fixed when the job is created: who runs it and where, then what to run,
 * its limits, its check, and how it relates to other jobs. On disk it is one flat object, as
 * every version wrote it ({@link JobSpecFile}).
 *
 * @param title   the prompt's first line, for one-line listings
 * @param workdir where the agent works: the job's worktree (or the directory it runs in place in)
 * @param verify  the check its work must pass (with fix rounds), or null
 * @param deliver what becomes of its work once it passed: {@code pr} (pushed, a draft pull request opened), or null
 * @param runner  where its agent runs: null on this machine, {@code kubernetes} as a Job on the configured cluster
 */
@JsonSerialize(converter = JobSpecFile.Write.class)
@JsonDeserialize(converter = JobSpecFile.Read.class)
public record JobSpec(String id, String provider, String title, String workdir, Instant createdAt, Run run,
                      Limits limits, VerifySpec verify, Relations relations, String deliver, String runner) {
    /** {@link #deliver} for a pull request. */
    public static final String PULL_REQUEST = "pr";

    /** A spec whose agent runs on this machine. */
    public JobSpec(String id, String provider, String title, String workdir, Instant createdAt, Run run,
                   Limits limits, VerifySpec verify, Relations relations, String deliver) {
        this(id, provider, title, workdir, createdAt, run, limits, verify, relations, deliver, null);
    }

    /** A spec whose work is delivered by a merge only. */
    public JobSpec(String id, String provider, String title, String workdir, Instant createdAt, Run run,
                   Limits limits, VerifySpec verify, Relations relations) {
        this(id, provider, title, workdir, createdAt, run, limits, verify, relations, null);
    }


    /**
     * What to run.
     *
     * @param argv             the exact command line (prompt included when passed as an argument)
     * @param promptOnStdin    the prompt file is the agent's stdin (else stdin is /dev/null)
     * @param env              variables the CLI adapter adds (never secrets: those come from the config at launch)
     * @param unsetEnv         inherited variables removed before launch
     * @param untrustedWorkdir the workdir's files are another agent's: its CLI loads no configuration from there
     *                         (a review, and a resumed review); false for every other job
     */
    public record Run(String model, String permissions, List<String> argv, boolean promptOnStdin,
                      Map<String, String> env, List<String> unsetEnv, boolean untrustedWorkdir) {
        public Run {
            argv = List.copyOf(argv);
            env = env == null ? Map.of() : Map.copyOf(env);
            unsetEnv = unsetEnv == null ? List.of() : List.copyOf(unsetEnv);
        }
    }

    /**
     * How long it may run and what it may spend.
     *
     * @param budget      what this job may spend; the watchdog stops it past that (NONE: no limit)
     * @param planBudget  what the plan's jobs together may spend, on each job of a plan run with one
     * @param spentBefore for a fallback: what the jobs before it in its chain spent, which counts against its
     *                    budget (the chain spends one budget); null when nothing was
     */
    public record Limits(double timeoutMinutes, double stallMinutes, Budget budget, Budget planBudget,
                         Usage spentBefore) {
        public Limits {
            budget = budget == null ? Budget.NONE : budget;
            planBudget = planBudget == null ? Budget.NONE : planBudget;
        }
    }

    /**
     * How it relates to other jobs.
     *
     * @param resumeOf       the job whose session this one continues, or null
     * @param dependsOn      jobs that must succeed before this one starts; if one does not, this one is cancelled
     * @param plan           the plan session this job runs a task of, or null
     * @param planTask       that task's id
     * @param group          the best-of-N group it is one attempt of ({@code best-…}), or null
     * @param reviewOf       the job whose branch this one reviews (read-only), or null
     * @param reviewedCommit the commit that branch was at when the review began, its whole id: what an approval is of
     * @param fallback       providers to run the same task on, in order, should this job fail for a reason of its
     *                       provider's (rate limit, credentials, model server); empty: none
     * @param fallbackOf     the job this one re-runs on another provider after that job's provider failed, or null
     * @param continuedFrom  the ended job whose worktree and branch this one goes on with, on another CLI (a hand-off),
     *                       or null
     */
    public record Relations(String resumeOf, List<String> dependsOn, String plan, String planTask, String group,
                            String reviewOf, String reviewedCommit, List<String> fallback, String fallbackOf,
                            String continuedFrom) {
        public Relations {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            fallback = fallback == null ? List.of() : List.copyOf(fallback);
        }

        /** Relations of a job that continues no other's work. */
        public Relations(String resumeOf, List<String> dependsOn, String plan, String planTask, String group,
                         String reviewOf, String reviewedCommit, List<String> fallback, String fallbackOf) {
            this(resumeOf, dependsOn, plan, planTask, group, reviewOf, reviewedCommit, fallback, fallbackOf, null);
        }
    }

    public JobSpec {
        run = run == null ? new Run(null, "workspace-write", List.of(), false, null, null, false) : run;
        limits = limits == null ? new Limits(30, 10, null, null, null) : limits;
        relations = relations == null ? new Relations(null, null, null, null, null, null, null, null, null) : relations;
    }

    /** The same spec for the job {@code jobId} of {@code cli} (a draft knows both only as it is submitted). */
    public JobSpec identified(String jobId, String cli) {
        return new JobSpec(jobId, cli, title, workdir, createdAt, run, limits, verify, relations, deliver, runner);
    }

    /** A spec with the required parts; the rest is set on the builder. */
    public static Builder builder(String id, String provider) {
        return new Builder(id, provider);
    }

    /** Builds a {@link JobSpec}: required parts first, the rest optional. */
    public static final class Builder {
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

        private Builder(String id, String provider) {
            this.id = id;
            this.provider = provider;
        }

        public Builder title(String t) {
            this.title = t;
            return this;
        }

        public Builder workdir(String w) {
            this.workdir = w;
            return this;
        }

        public Builder createdAt(Instant at) {
            this.createdAt = at;
            return this;
        }

        public Builder model(String m) {
            this.model = m;
            return this;
        }

        public Builder permissions(String p) {
            this.permissions = p;
            return this;
        }

        public Builder command(List<String> argv, boolean promptOnStdin) {
            this.argv = argv;
            this.promptOnStdin = promptOnStdin;
            return this;
        }

        public Builder env(Map<String, String> env, List<String> unsetEnv) {
            this.env = env;
            this.unsetEnv = unsetEnv;
            return this;
        }

        public Builder untrustedWorkdir(boolean untrusted) {
            this.untrustedWorkdir = untrusted;
            return this;
        }

        public Builder limits(double timeoutMinutes, double stallMinutes) {
            this.timeoutMinutes = timeoutMinutes;
            this.stallMinutes = stallMinutes;
            return this;
        }

        public Builder budgets(Budget job, Budget plan) {
            this.budget = job;
            this.planBudget = plan;
            return this;
        }

        /** What the jobs before this one in its fallback chain spent; null when nothing. */
        public Builder spentBefore(Usage spent) {
            this.spentBefore = spent;
            return this;
        }

        public Builder verify(VerifySpec v) {
            this.verify = v;
            return this;
        }

        public Builder resumeOf(String jobId) {
            this.resumeOf = jobId;
            return this;
        }

        public Builder dependsOn(List<String> jobIds) {
            this.dependsOn = jobIds;
            return this;
        }

        public Builder planTask(String session, String taskId) {
            this.plan = session;
            this.planTask = taskId;
            return this;
        }

        public Builder group(String g) {
            this.group = g;
            return this;
        }

        public Builder reviewOf(String jobId) {
            this.reviewOf = jobId;
            return this;
        }

        /** The commit (a whole id) the branch under review is at as the review begins. */
        public Builder reviewedCommit(String commit) {
            this.reviewedCommit = commit;
            return this;
        }

        /** Providers to fall back to, and the job this one falls back from (null for the first). */
        public Builder fallback(List<String> providers, String ofJob) {
            this.fallback = providers;
            this.fallbackOf = ofJob;
            return this;
        }

        /** The ended job whose worktree and branch this one goes on with. */
        public Builder continuedFrom(String jobId) {
            this.continuedFrom = jobId;
            return this;
        }

        /** What becomes of its work once it passed ({@link #PULL_REQUEST}), or null for a merge by the host. */
        public Builder deliver(String how) {
            this.deliver = how;
            return this;
        }

        /** Where its agent runs: null (this machine) or {@code kubernetes}. */
        public Builder runner(String where) {
            this.runner = where;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(id, provider, title, workdir, createdAt,
                    new Run(model, permissions, argv, promptOnStdin, env, unsetEnv, untrustedWorkdir),
                    new Limits(timeoutMinutes, stallMinutes, budget, planBudget, spentBefore), verify,
                    new Relations(resumeOf, dependsOn, plan, planTask, group, reviewOf, reviewedCommit, fallback,
                            fallbackOf, continuedFrom), deliver, runner);
        }
    }
}
