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
    public static JobSpecBuilder builder(String id, String provider) {
        return new JobSpecBuilder(id, provider);
    }
}
