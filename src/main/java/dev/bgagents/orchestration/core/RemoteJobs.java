package dev.bgagents.orchestration.core;

import dev.bgagents.config.RunnerSettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.api.Refusal;

/**
 * Which jobs may run on a cluster in this first version, each refusal one line: a remote job needs a
 * worktree (its branch is what travels), and neither fix rounds nor a resume, which continue the CLI's
 * session — whose files live in the pod's home and die with it.
 */
public final class RemoteJobs {
    private RemoteJobs() {
    }

    /** The runner a new job gets: null for this machine, {@code kubernetes} for the cluster. */
    public static String runner(String asked, RunnerSettings settings, boolean worktree, VerifySpec verify) {
        String runner = asked != null ? asked : settings.defaultRunner();
        if (!RunnerSettings.KUBERNETES.equals(runner)) {
            return null;
        }
        if (settings.kubernetes() == null) {
            throw new Refusal("runner kubernetes needs runners.kubernetes (namespace, image, remote) in bg-agents.json; "
                    + "see docs/scaling-out.md");
        }
        if (!worktree) {
            throw new Refusal("runner kubernetes works on the job's branch: it needs a worktree in a git repository "
                    + "(drop worktree=false)");
        }
        if (verify != null && verify.fixAttempts() > 0) {
            throw new Refusal("fix rounds resume the agent's session, which dies with its pod: give fix_attempts=0 "
                    + "with runner kubernetes, or run it locally");
        }
        return runner;
    }

    /** Why {@code job} cannot be resumed, or null when it can. */
    public static String whyNoResume(Job job) {
        return RunnerSettings.KUBERNETES.equals(job.spec().runner())
                ? job.id() + " ran on kubernetes: its session died with its pod, so it cannot be resumed; spawn a new "
                + "job (continue_from works on its fetched branch)"
                : null;
    }
}
