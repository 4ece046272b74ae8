package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.plan.Planner;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.bgagents.mcp.tools.Schemas.*;

/**
 * decompose_plan: a planning document (or the host's own task list) into tasks, dependencies,
 * waves and providers, written as a plan session with one task file per task. Nothing is written
 * unless the whole plan is sound.
 */
public final class DecomposePlanTool implements BgTool {
    public static final String NAME = "decompose_plan";
    static final String TITLE = "Run this plan: split it into tasks and waves for background agents";
    private static final int TITLE_CHARS = 34;
    private static final Set<String> TASK_KEYS = Set.of("id", "title", "prompt", "depends_on", "files", "provider");

    private final Planning planning;

    public DecomposePlanTool(Planning planning) {
        this.planning = planning;
    }

    @Override
    public McpSchema.Tool definition() {
        // the keys of a task are named in the description and checked by ToolArgs (TASK_KEYS), not spelled out per turn
        Map<String, Object> taskItem = Map.of("type", "object");
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("Run a plan with parallel background agents: splits a markdown plan (or plan_path; "
                        + "items may say Depends on: 1 / Files: a.py / Provider: codex), or tasks you split (id, "
                        + "title required; prompt, depends_on, files, provider), into waves; writes task files under "
                        + "workdir, named feature. Then spawn_agent {session}.")
                .inputSchema(object(List.of(),
                        "plan", string(),
                        "plan_path", string(),
                        "feature", string(),
                        "workdir", string(),
                        "tasks", array(null, taskItem)))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("run this plan; implement a plan or spec with background agents; split it into tasks and waves"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        List<Map<String, Object>> tasks = args.objects("tasks");
        Planning.Decomposed d = planning.decompose(new Planning.Request(args.string("plan"), args.string("plan_path"),
                tasks == null ? null : hostTasks(tasks), args.string("feature"), args.string("workdir")));
        return answer(d.plan(), d.dir());
    }

    private static List<Planner.HostTask> hostTasks(List<Map<String, Object>> raw) {
        List<Planner.HostTask> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ToolArgs t = new ToolArgs(raw.get(i), TASK_KEYS, "tasks[" + i + "]");
            List<String> deps = t.strings("depends_on");
            List<String> files = t.strings("files");
            out.add(new Planner.HostTask(t.string("id"), t.string("title"), t.string("prompt"),
                    deps == null ? List.of() : deps, files == null ? List.of() : files, t.string("provider")));
        }
        return out;
    }

    static Answer answer(PlanStatus plan, String dir) {
        StringBuilder text = new StringBuilder();
        text.append("Plan ").append(plan.session()).append(": ").append(plan.tasks().size()).append(" tasks in ")
                .append(plan.waves().size()).append(" waves; task files in ").append(dir).append("/tasks/.\n")
                .append("| wave | task | provider | after |\n|---|---|---|---|\n");
        for (int w = 0; w < plan.waves().size(); w++) {
            for (String id : plan.waves().get(w)) {
                PlanTask t = plan.task(id).orElseThrow();
                String title = t.title().length() <= TITLE_CHARS ? t.title() : t.title().substring(0, TITLE_CHARS - 1) + "…";
                text.append("| ").append(w + 1).append(" | ").append(t.id()).append(' ').append(title).append(" | ")
                        .append(t.provider()).append(" | ")
                        .append(t.dependsOn().isEmpty() ? "–" : String.join(",", t.dependsOn())).append(" |\n");
            }
        }
        text.append("Run: spawn_agent session=\"").append(plan.session())
                .append("\" (all waves; each starts when its dependencies succeed), or add task_id / wave.");
        List<Task> tasks = plan.tasks().stream().map(t -> new Task(t.id(), t.title(), t.provider(), t.dependsOn(),
                t.files(), t.taskFile())).toList();
        return Answer.of(text.toString(), new Output(plan.session(), tasks, plan.waves(),
                "spawn_agent {session: \"" + plan.session() + "\"} runs every task, each after its dependencies"));
    }

    /** What decompose_plan answers. */
    record Output(@Out(value = "The plan session id, for spawn_agent session.", required = true) String session,
                  @Out(value = "The tasks.", required = true) List<Task> tasks,
                  @Out(value = "Task ids per wave.", required = true, items = {"One wave.", "A task id."})
                  List<List<String>> waves,
                  @Out("The call that runs the plan.") String next) {
    }

    /** One task as decompose_plan made it. */
    record Task(@Out(value = "Task id (pass as task_id to spawn_agent).", required = true) String id,
                @Out(value = "Short title.", required = true) String title,
                @Out(value = "Agent CLI that will run it.", required = true) String provider,
                @Out(value = "Ids of tasks it waits for.", required = true, items = "A task id.") List<String> dependsOn,
                @Out(value = "Files it owns.", items = "A path.") List<String> files,
                @Out(value = "Its task file, relative to the session's directory .context/impl/<session>/.",
                        required = true) String taskFile) {
    }
}
