package dev.bgagents.orchestration.api;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;

import java.util.List;

/** Starting agents: one job from a prompt or task file, or every task of a plan session. */
public interface Spawning {

    /**
     * What spawn_agent asks for; null fields take the defaults (config, project, HEAD).
     *
     * @param worktree null: a worktree in a git repository, in place elsewhere
     * @param verify   the check the work must pass: auto, a name from bg-agents.json, or null / none
     * @param fallback providers to re-run the task on if its provider fails it; null: the config's
     * @param budget   what the job may spend (NONE or null: no limit)
     * @param deliver  what becomes of its work once it passed: {@code pr} (a draft pull request), or null
     * @param runner   where its agent runs: {@code local}, {@code kubernetes}, or null for the config's default
     */
    record Request(String provider, String prompt, String taskFile, String workdir, String model,
                   Permissions permissions, Double timeoutMinutes, Double stallMinutes, Boolean worktree, String base,
                   List<String> files, List<String> dependsOn, String verify, Integer fixAttempts,
                   List<String> fallback, Budget budget, String deliver, String runner) {
        /** A job that runs where the config says. */
        public Request(String provider, String prompt, String taskFile, String workdir, String model,
                       Permissions permissions, Double timeoutMinutes, Double stallMinutes, Boolean worktree, String base,
                       List<String> files, List<String> dependsOn, String verify, Integer fixAttempts,
                       List<String> fallback, Budget budget, String deliver) {
            this(provider, prompt, taskFile, workdir, model, permissions, timeoutMinutes, stallMinutes, worktree, base,
                    files, dependsOn, verify, fixAttempts, fallback, budget, deliver, null);
        }

        /** A job whose work the host merges. */
        public Request(String provider, String prompt, String taskFile, String workdir, String model,
                       Permissions permissions, Double timeoutMinutes, Double stallMinutes, Boolean worktree, String base,
                       List<String> files, List<String> dependsOn, String verify, Integer fixAttempts,
                       List<String> fallback, Budget budget) {
            this(provider, prompt, taskFile, workdir, model, permissions, timeoutMinutes, stallMinutes, worktree, base,
                    files, dependsOn, verify, fixAttempts, fallback, budget, null);
        }

        /** The same task on another provider (one attempt of a group). */
        public Request on(String otherProvider) {
            return new Request(otherProvider, prompt, taskFile, workdir, model, permissions, timeoutMinutes,
                    stallMinutes, true, base, files, List.of(), verify, fixAttempts, fallback, budget, deliver, runner);
        }
    }

    /**
     * spawn_agent {attempts}: the same task on 2 to 5 providers at once, each in a worktree of its own,
     * ranked when they end; {@code task} names no provider and waits for nothing.
     */
    record AttemptsRequest(List<String> providers, Request task) {
        public static final int MIN = 2;
        public static final int MAX = 5;

        public AttemptsRequest {
            providers = List.copyOf(providers);
            if (providers.size() < MIN || providers.size() > MAX) {
                throw new Refusal("attempts takes " + MIN + " to " + MAX + " providers (got " + providers.size()
                        + "), e.g. [\"claude\", \"codex\", \"gemini\"]");
            }
            if (task.provider() != null) {
                throw new Refusal("give provider or attempts, not both: attempts names the provider of each attempt");
            }
            if (Boolean.FALSE.equals(task.worktree())) {
                throw new Refusal("attempts run side by side, each in a worktree of its own: drop worktree=false");
            }
            if (task.dependsOn() != null && !task.dependsOn().isEmpty()) {
                throw new Refusal("attempts do not take depends_on: start them once the work they build on is merged");
            }
        }
    }

    /** spawn_agent {attempts}: the group started, its attempts as they are now. */
    record GroupStarted(String group, List<Started> attempts) {
        public GroupStarted {
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * A job that was started (or queued), as it is now.
     *
     * @param running  jobs running on this server, and {@code cap} the most that may
     * @param preparing its worktree is being checked out: it starts in a moment
     * @param notes    what the host should know: how auto routed, why it runs in place, overlaps
     */
    record Started(Job job, int running, int cap, boolean preparing, List<String> notes) {
        public Started {
            notes = List.copyOf(notes);
        }
    }

    /**
     * spawn_agent {session}: a plan's tasks (all, one, or one wave) with one setting for all;
     * {@code budget} is for the plan's jobs together; {@code deliver} {@code pr}: each task's work a pull request;
     * {@code runner}: where its agents run ({@code local}, {@code kubernetes}; null: the config's default).
     */
    record PlanRequest(String session, String taskId, Integer wave, Permissions permissions, Double timeoutMinutes,
                       Double stallMinutes, Boolean worktree, String model, String verify, Integer fixAttempts,
                       Budget budget, String deliver, String runner) {
        /** A plan whose agents run where the config says. */
        public PlanRequest(String session, String taskId, Integer wave, Permissions permissions, Double timeoutMinutes,
                           Double stallMinutes, Boolean worktree, String model, String verify, Integer fixAttempts,
                           Budget budget, String deliver) {
            this(session, taskId, wave, permissions, timeoutMinutes, stallMinutes, worktree, model, verify, fixAttempts,
                    budget, deliver, null);
        }

        /** A plan whose work the host merges. */
        public PlanRequest(String session, String taskId, Integer wave, Permissions permissions, Double timeoutMinutes,
                           Double stallMinutes, Boolean worktree, String model, String verify, Integer fixAttempts,
                           Budget budget) {
            this(session, taskId, wave, permissions, timeoutMinutes, stallMinutes, worktree, model, verify, fixAttempts,
                    budget, null);
        }
    }

    /**
     * The jobs a plan run created, and the tasks skipped because a job already ran or runs them.
     *
     * @param waitingFor ids of created jobs not started yet, and whether each waits for dependencies
     */
    record PlanStarted(String session, List<TaskJob> jobs, List<String> skipped) {
        public PlanStarted {
            jobs = List.copyOf(jobs);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * One task's job. {@code waiting}: not started yet, for its dependencies ({@code forDependencies})
     * or for a free slot.
     */
    record TaskJob(String taskId, int taskNumber, Job job, boolean waiting, boolean forDependencies) {
    }

    /** spawn_agent {review_of}: a read-only review of a finished job's branch; null fields take the defaults. */
    record ReviewRequest(String jobId, String provider, String model, Double timeoutMinutes, Double stallMinutes) {
    }

    /**
     * spawn_agent {continue_from}: an ended job's worktree and branch go on with another CLI, told the task, the
     * previous agent's last message and the diff so far; null fields take the defaults.
     *
     * @param prompt what to do now, or null: finish the task
     */
    record HandOffRequest(String jobId, String provider, String prompt, String model, Double timeoutMinutes,
                          Double stallMinutes) {
    }

    Started spawn(Request request);

    /** A hand-off: a new job in an ended job's worktree and branch, on another CLI. */
    default Started handOff(HandOffRequest request) {
        throw new Refusal("hand-offs are not served here");
    }

    GroupStarted spawnAttempts(AttemptsRequest request);

    Started review(ReviewRequest request);

    PlanStarted runPlan(PlanRequest request);
}
