package dev.bgagents.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.util.StdConverter;
import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job's spec as job.json holds it, flat, as every version of bg-agents wrote it (and the
 * dashboard, the fault suite and people's scripts read it): {@link JobSpec} groups the same fields
 * in memory, and converts to and from this form whenever a record is written or read.
 *
 * @param title          the prompt's first line, for one-line listings
 * @param argv           the exact command line (prompt included when passed as an argument)
 * @param promptOnStdin  the prompt file is the agent's stdin (else stdin is /dev/null)
 * @param env            variables the CLI adapter adds (never secrets: those come from the config at launch)
 * @param unsetEnv       inherited variables removed before launch
 * @param resumeOf       the job whose session this one continues, or null
 * @param dependsOn      jobs that must succeed before this one starts; if one does not, this one is cancelled
 * @param plan           the plan session this job runs a task of, or null
 * @param planTask       that task's id
 * @param verify         the check its work must pass (with fix rounds), or null
 * @param group          the best-of-N group it is one attempt of ({@code best-…}), or null
 * @param reviewOf       the job whose branch this one reviews (read-only), or null
 * @param untrustedWorkdir the workdir's files are another agent's: its CLI loads no configuration from there
 *                       (a review, and a resumed review); false for every other job
 * @param reviewedCommit the commit that branch was at when the review began, its whole id: what an approval is of
 * @param fallback       providers to run the same task on, in order, should this job fail for a reason of its
 *                       provider's (rate limit, credentials, model server); empty: none
 * @param fallbackOf     the job this one re-runs on another provider after that job's provider failed, or null
 * @param spentBefore    for a fallback: what the jobs before it in its chain spent, which counts against its
 *                       budget (the chain spends one budget); null when nothing was
 * @param budget         what this job may spend; the watchdog stops it past that (NONE: no limit)
 * @param planBudget     what the plan's jobs together may spend, on each job of a plan run with one
 * @param continuedFrom  the ended job whose worktree and branch this one goes on with, on another CLI, or null
 * @param deliver        what becomes of its work once it passed ({@code pr}), or null
 * @param runner         where its agent runs ({@code kubernetes}), or null on this machine
 */
record JobSpecFile(String id, String provider, String title, String workdir, String model,
                   String permissions, List<String> argv, boolean promptOnStdin, Map<String, String> env,
                   List<String> unsetEnv, double timeoutMinutes, double stallMinutes, Instant createdAt,
                   String resumeOf, List<String> dependsOn, String plan, String planTask,
                   VerifySpec verify, String group, String reviewOf, String reviewedCommit,
                   @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean untrustedWorkdir,
                   List<String> fallback, String fallbackOf, Usage spentBefore,
                   @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Budget.Unset.class) Budget budget,
                   @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Budget.Unset.class)
                   Budget planBudget,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String continuedFrom,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String deliver,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String runner) {
    JobSpecFile {
        budget = budget == null ? Budget.NONE : budget;
        planBudget = planBudget == null ? Budget.NONE : planBudget;
        argv = List.copyOf(argv);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
        env = env == null ? Map.of() : Map.copyOf(env);
        unsetEnv = unsetEnv == null ? List.of() : List.copyOf(unsetEnv);
    }

    JobSpec spec() {
        return new JobSpec(id, provider, title, workdir, createdAt,
                new JobSpec.Run(model, permissions, argv, promptOnStdin, env, unsetEnv, untrustedWorkdir),
                new JobSpec.Limits(timeoutMinutes, stallMinutes, budget, planBudget, spentBefore), verify,
                new JobSpec.Relations(resumeOf, dependsOn, plan, planTask, group, reviewOf, reviewedCommit, fallback,
                     fallbackOf, continuedFrom), deliver, runner);
    }

    static JobSpecFile of(JobSpec s) {
        JobSpec.Run r = s.run();
        JobSpec.Limits l = s.limits();
        JobSpec.Relations t = s.relations();
        return new JobSpecFile(s.id(), s.provider(), s.title(), s.workdir(), r.model(), r.permissions(), r.argv(),
                r.promptOnStdin(), r.env(), r.unsetEnv(), l.timeoutMinutes(), l.stallMinutes(), s.createdAt(),
                t.resumeOf(), t.dependsOn(), t.plan(), t.planTask(), s.verify(), t.group(), t.reviewOf(),
                t.reviewedCommit(), r.untrustedWorkdir(), t.fallback(), t.fallbackOf(), l.spentBefore(), l.budget(),
                l.planBudget(), t.continuedFrom(), s.deliver(), s.runner());
    }

    /** Jackson's way in and out: a spec is written and read in the flat form. */
    static final class Write extends StdConverter<JobSpec, JobSpecFile> {
        @Override
        public JobSpecFile convert(JobSpec spec) {
            return of(spec);
        }
    }

    static final class Read extends StdConverter<JobSpecFile, JobSpec> {
        @Override
        public JobSpec convert(JobSpecFile file) {
            return file.spec();
        }
    }
}
