package dev.bgagents.mcp.prompts;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The three ways people run background agents, as MCP prompts a user can pick by name: run a
 * plan, a pipeline of phases with resume, and the same task fanned out to several agents with a
 * review. Each names the exact tool calls; the skills under plugin/skills/ teach the same flows.
 */
public final class FlowPrompts {

    /** A prompt: its listing, and its text for the arguments given. */
    public record Prompt(String name, String title, String description, List<McpSchema.PromptArgument> arguments,
                         Function<Map<String, Object>, String> template) {
        public McpSchema.Prompt definition() {
            return new McpSchema.Prompt(name, title, description, arguments);
        }

        public String text(Map<String, Object> args) {
            return template.apply(args);
        }
    }

    private static final List<Prompt> ALL = List.of(
            new Prompt("run-plan", "Run a plan with background agents",
                    "Split a planning document into tasks and waves and run them on background agents, each in "
                            + "its own worktree, then merge the results wave by wave.",
                    List.of(new McpSchema.PromptArgument("plan_path", "Path of the plan file, relative to the project "
                            + "(or leave empty and paste the plan)", false)),
                    a -> """
                            Run the plan %s with bg-agents.
                            1. decompose_plan {plan_path: "%s"} (or decompose_plan {plan: "<the plan's markdown>"}). \
                            Check the waves and providers it answers with; fix the plan and decompose again if an order \
                            or a file owner is wrong.
                            2. spawn_agent {session: "<session>"} starts every task, each on its own branch and \
                            waiting for the tasks it depends on.
                            3. Keep working. job_status {wait: "all"} blocks until the jobs end (about 50 s a call; \
                            call it again while it says they are still running).
                            4. read_summary {job_id} for each task. For a failed one, resume_session {job_id, prompt: \
                            "<what to fix>"} and wait again; its cancelled dependents run again with spawn_agent \
                            {session, task_id}.
                            5. merge_worktree {job_id, dry_run: true}, then merge_worktree {job_id}, in wave order.
                            """.formatted(arg(a, "plan_path", "given"), arg(a, "plan_path", "PLAN.md"))),
            new Prompt("phase-pipeline", "Build in phases with a background agent",
                    "Run a multi-phase change one phase at a time on a background agent: each phase starts on "
                            + "the last one's branch, cut-off runs are resumed, each phase is merged before the next.",
                    List.of(new McpSchema.PromptArgument("phases", "The phases, in order, one line each", true),
                            new McpSchema.PromptArgument("provider", "Agent CLI to use (default: the config's)", false)),
                    a -> """
                            Build these phases one after another with bg-agents, provider %s:
                            %s
                            For each phase:
                            1. spawn_agent {provider: "%s", prompt: "<the phase: goal, files, constraints, how to \
                            verify>"}; from the second phase on add depends_on: ["<the previous phase's job_id>"] so it \
                            starts on that phase's branch.
                            2. job_status {job_ids: ["<job_id>"], wait: "any"}, again while it is still running.
                            3. read_summary {job_id}. If it was cut off or its checks failed, resume_session {job_id, \
                            prompt: "Finish: <what remains>"} — the agent keeps its context — and wait again.
                            4. merge_worktree {job_id, dry_run: true}, then merge_worktree {job_id}.
                            """.formatted(arg(a, "provider", "default"), arg(a, "phases", "(the phases)"),
                            arg(a, "provider", "claude"))),
            new Prompt("fan-out-review", "Same task on several agents, reviewed",
                    "Give one task to several agent CLIs in parallel worktrees, have a read-only agent review "
                            + "their diffs, and merge the best.",
                    List.of(new McpSchema.PromptArgument("task", "The task, self-contained", true),
                            new McpSchema.PromptArgument("providers", "Comma-separated CLIs (default claude,codex)", false)),
                    a -> """
                            Fan this task out with bg-agents to %s, then review and keep the best:
                            %s
                            1. For each provider: spawn_agent {provider: "<provider>", prompt: "<the task>"} — each \
                            works on its own branch.
                            2. job_status {job_ids: [<the job ids>], wait: "all"}, again while they are still running.
                            3. read_summary {job_id} for each, and read_summary {job_id, section: "diff"} where the \
                            summaries do not settle it.
                            4. spawn_agent {provider: "gemini", permissions: "read-only", prompt: "Review the \
                            branches <branches>: correctness, tests, scope. Name the best and why."}; wait and \
                            read_summary it.
                            5. merge_worktree {job_id: "<the best>", dry_run: true}, then merge_worktree; cancel_job \
                            any that still run.
                            """.formatted(arg(a, "providers", "claude,codex"), arg(a, "task", "(the task)"))));

    private FlowPrompts() {
    }

    public static List<Prompt> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Prompt::name).toList();
    }

    public static Optional<Prompt> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static String arg(Map<String, Object> args, String name, String fallback) {
        Object v = args == null ? null : args.get(name);
        return v == null || v.toString().isBlank() ? fallback : v.toString();
    }
}
