package dev.bgagents.mcp;

import dev.bgagents.agents.Providers;
import dev.bgagents.routing.Routing;
import dev.bgagents.plan.PlanException;
import dev.bgagents.plan.PlanParser;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.plan.Planner;
import dev.bgagents.plan.VerifyCommand;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.Schemas.*;

/**
 * decompose_plan: a planning document (or the host's own task list) into tasks, dependencies,
 * waves and providers, written as a plan session with one task file per task. Nothing is written
 * unless the whole plan is sound.
 */
final class DecomposePlanTool implements BgTool {
    static final String NAME = "decompose_plan";
    private static final int TITLE_CHARS = 34;

    private final ServerContext ctx;

    DecomposePlanTool(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool definition() {
        Map<String, Object> taskItem = openObject(List.of("id", "title"),
                "id", string("Task id, unique in the plan."),
                "title", string("Short title."),
                "prompt", string("What the agent should do."),
                "depends_on", array("Ids of tasks that must finish first.", string("A task id.")),
                "files", array("Files or directories this task owns.", string("A path.")),
                "provider", string("Agent CLI for this task (default: auto routing)."));
        Map<String, Object> taskOut = openObject(List.of("id", "title", "provider", "depends_on", "task_file"),
                "id", string("Task id (pass as task_id to spawn_agent)."),
                "title", string("Short title."),
                "provider", string("Agent CLI that will run it."),
                "depends_on", array("Ids of tasks it waits for.", string("A task id.")),
                "files", array("Files it owns.", string("A path.")),
                "task_file", string("Its task file, relative to the session's directory .context/impl/<session>/."));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Decompose a plan into tasks")
                .description("Turn a planning document into tasks ordered in waves (stated dependencies, then "
                        + "migration → models → handlers → wiring, and never two tasks on one file in a wave), "
                        + "pick a provider per task and write one task file each under .context/impl/. Then run "
                        + "it all with spawn_agent {session}.")
                .inputSchema(object(List.of(),
                        "plan", string("The plan as markdown: tasks as numbered items, checkboxes or headings; "
                                + "each may say Depends on: 1, 3 / Files: a.py, b/ / Provider: codex."),
                        "plan_path", string("Path of a markdown plan file instead of plan (relative to workdir)."),
                        "feature", string("Short feature name for the session directory. Default: the plan's "
                                + "title."),
                        "workdir", string("Project directory the tasks run in. Default: the server's."),
                        "tasks", array("Tasks you already decomposed, instead of a plan.", taskItem)))
                .outputSchema(openObject(List.of("session", "tasks", "waves"),
                        "session", string("The plan session id, for spawn_agent session."),
                        "tasks", array("The tasks.", taskOut),
                        "waves", array("Task ids per wave.", array("One wave.", string("A task id.")))))
                .annotations(McpSchema.ToolAnnotations.builder().title("Decompose a plan into tasks")
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        String plan = args.string("plan");
        String planPath = args.string("plan_path");
        List<Map<String, Object>> tasks = args.objects("tasks");
        int given = (plan != null ? 1 : 0) + (planPath != null ? 1 : 0) + (tasks != null ? 1 : 0);
        if (given != 1) {
            throw new BadInput(given == 0 ? "missing the plan: pass plan (markdown), plan_path, or tasks"
                    : "give one of plan, plan_path and tasks, not several");
        }
        Path workdir = ctx.workdir(args.string("workdir"));
        Planner.Setting setting = new Planner.Setting(args.string("feature"), workdir.toString(), Instant.now(),
                VerifyCommand.of(workdir).orElse(null), this::route, name -> ctx.providers().cli(name).isPresent());
        Planner.Draft draft;
        try {
            if (tasks != null) {
                draft = Planner.fromTasks(hostTasks(tasks), setting);
            } else {
                draft = Planner.fromMarkdown(plan != null ? plan : read(workdir, planPath), setting);
            }
        } catch (PlanException e) {
            throw new BadInput(e.getMessage());
        }
        // what a task says it owns is handed to its agent as its own: it must lie inside too
        for (PlanTask t : draft.status().tasks()) {
            for (String f : t.files()) {
                ServerContext.confined(() -> {
                    ctx.confinement().declared("task " + t.id() + " files", f, workdir);
                    return null;
                });
            }
        }
        PlanStatus status;
        try {
            status = ctx.plans().create(draft);
        } catch (IOException e) {
            throw new BadInput("cannot write the plan under " + ctx.plans().dir("") + ": " + e.getMessage());
        }
        ctx.planTracker().refresh(status.session());
        return answer(status, ctx.project().relativize(ctx.plans().dir(status.session())).toString());
    }

    /** The auto routing among installed CLIs; when none suits, the table's choice, said so. */
    private Planner.Choice route(String text) {
        try {
            Routing.Choice c = ctx.providers().route(text);
            return new Planner.Choice(c.provider(), "auto: " + c.kind().wire());
        } catch (Providers.UnavailableException e) {
            Routing.Choice c = new Routing(ctx.config().routing()).choose(text, p -> true).orElseThrow();
            return new Planner.Choice(c.provider(), "auto: " + c.kind().wire() + " (not installed here)");
        }
    }

    private String read(Path workdir, String planPath) {
        if (planPath.isBlank()) {
            throw new BadInput("plan_path is empty: pass the path of a markdown file");
        }
        Path file = ServerContext.confined(() -> ctx.confinement().file("plan_path", planPath, workdir));
        try {
            long size = Files.size(file);
            if (size > PlanParser.MAX_CHARS) {
                throw new BadInput("plan_path " + ServerContext.clip(planPath) + " is " + size / 1024 + " KB; plans "
                        + "are at most " + PlanParser.MAX_CHARS / 1000 + " KB: pass the tasks part, or tasks");
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    throw new BadInput("plan_path " + ServerContext.clip(planPath) + " is not a text file");
                }
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInput("plan_path " + ServerContext.clip(planPath) + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInput("cannot read plan_path " + ServerContext.clip(planPath) + ": " + e.getMessage());
        }
    }

    private static List<Planner.HostTask> hostTasks(List<Map<String, Object>> raw) {
        List<Planner.HostTask> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Object> m = raw.get(i);
            ToolArgs t = new ToolArgs(m, java.util.Set.of("id", "title", "prompt", "depends_on", "files", "provider"),
                    "tasks[" + i + "]");
            List<String> deps = t.strings("depends_on");
            List<String> files = t.strings("files");
            out.add(new Planner.HostTask(t.string("id"), t.string("title"), t.string("prompt"),
                    deps == null ? List.of() : deps, files == null ? List.of() : files, t.string("provider")));
        }
        return out;
    }

    static McpSchema.CallToolResult answer(PlanStatus plan, String dir) {
        StringBuilder text = new StringBuilder();
        text.append("Plan ").append(plan.session()).append(": ").append(plan.tasks().size()).append(" tasks in ")
                .append(plan.waves().size()).append(" waves; task files in ").append(dir).append("/tasks/.\n")
                .append("| wave | task | provider | after |\n|---|---|---|---|\n");
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int w = 0; w < plan.waves().size(); w++) {
            for (String id : plan.waves().get(w)) {
                PlanTask t = plan.task(id).orElseThrow();
                String title = t.title().length() <= TITLE_CHARS ? t.title() : t.title().substring(0, TITLE_CHARS - 1) + "…";
                text.append("| ").append(w + 1).append(" | ").append(t.id()).append(' ').append(title).append(" | ")
                        .append(t.provider()).append(" | ")
                        .append(t.dependsOn().isEmpty() ? "–" : String.join(",", t.dependsOn())).append(" |\n");
            }
        }
        for (PlanTask t : plan.tasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("title", t.title());
            m.put("provider", t.provider());
            m.put("depends_on", t.dependsOn());
            m.put("files", t.files());
            m.put("task_file", t.taskFile());
            tasks.add(m);
        }
        text.append("Run: spawn_agent session=\"").append(plan.session())
                .append("\" (all waves; each starts when its dependencies succeed), or add task_id / wave.");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("session", plan.session());
        s.put("tasks", tasks);
        s.put("waves", plan.waves());
        return Answers.ok(text.toString(), s);
    }
}
