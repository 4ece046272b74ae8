package dev.bgagents.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Server settings from bg-agents.json, with the defaults a user gets without a file.
 *
 * @param maxConcurrent     jobs running at once; more wait as {@code queued}
 * @param timeoutMinutes    wall-clock limit of a job
 * @param stallMinutes      limit on a job printing nothing
 * @param killGraceSeconds  SIGTERM → SIGKILL delay
 * @param defaultProvider   provider when spawn_agent names none
 * @param providers         built-in overrides and custom providers by name
 * @param routing           provider {@code auto}: task kind → providers to try in order
 * @param gcAfterDays       on start, the server removes worktrees of merged or cancelled jobs older than this
 * @param push              send job-end notifications (logging, resource updates, Claude Code channel events)
 * @param allowedRoots      directories outside the project that tool arguments (workdir, task_file, …) may name
 * @param verify            checks by name, each an argument vector, for spawn_agent's {@code verify} ({@code auto}
 *                          here overrides what is detected from the build files)
 * @param verifyTimeoutMinutes bound on one run of a check
 * @param fallback          providers a job that spawn_agent gives no fallback of its own falls back to, in
 *                          order, when its provider fails it (rate limit, credentials, model server); empty: none
 * @param budget            limits of a job that spawn_agent gives none (max_cost_usd, max_tokens, max_turns)
 * @param verifyNetwork     whether a confined check shares the machine's network; without it, a loopback of its own
 * @param worktreesDir      where the projects' job worktrees go, one folder per project; null: the user's state directory
 * @param merge             merge_worktree's defaults: whether a conflict starts resolution rounds, and how many at most
 * @param worktree          what a new worktree gets before its agent starts (copied files, reused dependencies,
 *                          setup) and what runs before one is removed (teardown)
 * @param notifications     where the person is told of jobs and plans that ended, budgets reached, merges refused
 * @param pullRequests      where work delivered as a pull request goes ("pr": remote, base, draft, repo)
 * @param approvals         how long a job under permissions ask waits for a person ("approvals")
 * @param sandboxOff        {@code "sandbox": "off"}: agents of read-only and workspace-write jobs run unconfined, as
 *                          full ones do (where no sandbox can run, they start instead of being refused)
 */
public record Config(int maxConcurrent, double timeoutMinutes, double stallMinutes,
                     double killGraceSeconds, String defaultProvider,
                     Map<String, ProviderConfig> providers, Map<String, List<String>> routing, double gcAfterDays,
                     boolean push, List<Path> allowedRoots, Map<String, List<String>> verify,
                     double verifyTimeoutMinutes, List<String> fallback, BudgetDefaults budget,
                     boolean verifyNetwork, Path worktreesDir, WorktreeSettings worktree,
                     NotifySettings notifications, PullRequestSettings pullRequests,
                     MergeDefaults merge, boolean sandboxOff, ApprovalSettings approvals) {

    public static final Config DEFAULTS = new Config(6, 30, 10, 10, "claude", Map.of(), Map.of(), 7, true,
            List.of(), Map.of(), 10, List.of(), BudgetDefaults.NONE, false, null, WorktreeSettings.NONE,
            NotifySettings.NONE, PullRequestSettings.DEFAULTS, MergeDefaults.NONE, false, ApprovalSettings.DEFAULTS);

    public Config {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        routing = routing == null ? Map.of() : Map.copyOf(routing);
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        verify = verify == null ? Map.of() : Map.copyOf(verify);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
        budget = budget == null ? BudgetDefaults.NONE : budget;
        worktree = worktree == null ? WorktreeSettings.NONE : worktree;
        notifications = notifications == null ? NotifySettings.NONE : notifications;
        pullRequests = pullRequests == null ? PullRequestSettings.DEFAULTS : pullRequests;
        merge = merge == null ? MergeDefaults.NONE : merge;
        approvals = approvals == null ? ApprovalSettings.DEFAULTS : approvals;
    }

    public ProviderConfig provider(String name) {
        return providers.get(name);
    }
}
