package dev.bgagents.mcp.tools;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Permissions;
import dev.bgagents.orchestration.api.Spawning;

import java.util.List;
import java.util.Set;

/**
 * spawn_agent's four modes, told apart by the argument that names each — {@code session} a plan,
 * {@code review_of} a review, {@code attempts} a best-of-N group, none of them one job — parsed
 * once, each mode taking its own arguments and refusing any other in one line that says why.
 */
sealed interface SpawnMode permits SpawnMode.One, SpawnMode.Attempts, SpawnMode.Plan, SpawnMode.Review,
        SpawnMode.HandOff {
    double MAX_MINUTES = SpawnAgentTool.MAX_TIMEOUT_MINUTES;
    List<String> PERMISSIONS = List.of("read-only", "workspace-write", "full", "ask");
    List<String> DELIVER = List.of("pr");
    /** What every mode that starts agents takes: how they run and what they may spend. */
    Set<String> RUNNING = Set.of("permissions", "timeout_minutes", "stall_minutes", "worktree", "model", "verify",
            "fix_attempts", "max_cost_usd", "max_tokens", "max_turns");

    /** One job on a prompt or task file. */
    record One(Spawning.Request request) implements SpawnMode {
        static final Set<String> TAKES = union(RUNNING, Set.of("provider", "prompt", "task_file", "workdir", "base",
                "files", "depends_on", "fallback", "deliver"));

        static One of(ToolArgs args) {
            for (String k : args.given()) {
                if (k.equals("task_id") || k.equals("wave")) {
                    throw new BadInput("task_id and wave pick tasks of a plan: pass the session decompose_plan gave too");
                }
            }
            return new One(task(args, args.string("provider"), args.strings("depends_on")));
        }
    }

    /** The same task on several providers at once, ranked when they end. */
    record Attempts(Spawning.AttemptsRequest request) implements SpawnMode {
        static Attempts of(ToolArgs args) {
            refuseOutside(args, union(One.TAKES, Set.of("attempts")), k -> k.equals("task_id") || k.equals("wave")
                    ? "task_id and wave pick tasks of a plan: attempts run one task, given here"
                    : "\"" + k + "\" does not go with attempts");
            if (args.has("deliver")) {
                throw new BadInput("deliver goes with one job or a plan: open the winner's pull request with "
                        + "merge_worktree {job_id, as: \"pr\"}");
            }
            return new Attempts(new Spawning.AttemptsRequest(args.strings("attempts"),
                    task(args, args.string("provider"), args.strings("depends_on"))));
        }
    }

    /** A plan's tasks (all, one, or a wave), each on its task file, provider and dependencies. */
    record Plan(Spawning.PlanRequest request) implements SpawnMode {
        static Plan of(ToolArgs args) {
            refuseOutside(args, union(RUNNING, Set.of("session", "task_id", "wave", "deliver")), k -> k.equals("fallback")
                    ? "a plan's tasks fall back as bg-agents.json's \"fallback\" says: drop fallback"
                    : "\"" + k + "\" comes from the plan when session is given: drop it");
            return new Plan(new Spawning.PlanRequest(args.string("session"), args.string("task_id"),
                    args.integer("wave", 1, 100), permissions(args), args.number("timeout_minutes", 0.01, MAX_MINUTES),
                    args.number("stall_minutes", 0.01, MAX_MINUTES), args.bool("worktree"), args.string("model"),
                    args.string("verify"), args.integer("fix_attempts", 0, 5), budget(args),
                    args.choice("deliver", DELIVER, null)));
        }
    }

    /** A read-only review of a finished job's branch, on a prompt the server writes. */
    record Review(Spawning.ReviewRequest request) implements SpawnMode {
        static Review of(ToolArgs args) {
            if (args.has("attempts")) {
                throw new BadInput("review_of reviews one finished job and attempts starts new ones: give one of them");
            }
            refuseOutside(args, Set.of("review_of", "provider", "model", "timeout_minutes", "stall_minutes"),
                    k -> "\"" + k + "\" does not go with review_of: a review runs read-only on the reviewed job's "
                            + "worktree, on a prompt the server writes; drop it");
            return new Review(new Spawning.ReviewRequest(args.string("review_of"), args.string("provider"),
                    args.string("model"), args.number("timeout_minutes", 0.01, MAX_MINUTES),
                    args.number("stall_minutes", 0.01, MAX_MINUTES)));
        }
    }

    /** An ended job's worktree and branch, going on with another CLI. */
    record HandOff(Spawning.HandOffRequest request) implements SpawnMode {
        static HandOff of(ToolArgs args) {
            refuseOutside(args, Set.of("continue_from", "provider", "prompt", "model", "timeout_minutes", "stall_minutes"),
                    k -> "\"" + k + "\" does not go with continue_from: the new job works in that job's worktree and "
                            + "branch, with its permissions, check and delivery; drop it");
            return new HandOff(new Spawning.HandOffRequest(args.string("continue_from"), args.string("provider"),
                    args.string("prompt"), args.string("model"), args.number("timeout_minutes", 0.01, MAX_MINUTES),
                    args.number("stall_minutes", 0.01, MAX_MINUTES)));
        }
    }

    /** The mode the arguments name, its own arguments checked and read. */
    static SpawnMode of(ToolArgs args) {
        if (args.has("continue_from")) {
            return HandOff.of(args);
        }
        if (args.string("session") != null) {
            return Plan.of(args);
        }
        if (args.has("review_of")) {
            return Review.of(args);
        }
        if (args.has("attempts")) {
            return Attempts.of(args);
        }
        return One.of(args);
    }

    private static Spawning.Request task(ToolArgs args, String provider, List<String> dependsOn) {
        return new Spawning.Request(provider, args.string("prompt"), args.string("task_file"), args.string("workdir"),
                args.string("model"), permissions(args), args.number("timeout_minutes", 0.01, MAX_MINUTES),
                args.number("stall_minutes", 0.01, MAX_MINUTES), args.bool("worktree"), args.string("base"),
                args.strings("files"), dependsOn, args.string("verify"), args.integer("fix_attempts", 0, 5),
                args.strings("fallback"), budget(args), args.choice("deliver", DELIVER, null));
    }

    static Permissions permissions(ToolArgs args) {
        return Permissions.fromWire(args.choice("permissions", PERMISSIONS, "workspace-write")).orElseThrow();
    }

    static Budget budget(ToolArgs args) {
        Integer tokens = args.integer("max_tokens", 1, 1_000_000_000);
        return new Budget(args.number("max_cost_usd", 0.0001, 10000), tokens == null ? null : tokens.longValue(),
                args.integer("max_turns", 1, 100_000));
    }

    private static void refuseOutside(ToolArgs args, Set<String> takes, java.util.function.Function<String, String> why) {
        for (String k : args.given()) {
            if (!takes.contains(k)) {
                throw new BadInput(why.apply(k));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
