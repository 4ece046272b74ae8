package dev.bgagents.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.Schemas.*;

/** decompose_plan: planning documents into tasks and waves. The handler comes with plan support. */
final class DecomposePlanTool implements BgTool {
    static final String NAME = "decompose_plan";

    @Override
    public McpSchema.Tool definition() {
        Map<String, Object> taskItem = openObject(List.of("id", "title"),
                "id", string("Task id, unique in the plan."),
                "title", string("Short title."),
                "prompt", string("What the agent should do."),
                "depends_on", array("Ids of tasks that must finish first.", string("A task id.")),
                "files", array("Files or directories this task owns.", string("A path.")),
                "provider", string("Agent CLI for this task."));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Decompose a plan into tasks")
                .description("Turn a planning document into independent tasks ordered in waves, with one task file "
                        + "each. Not available in this build yet.")
                .inputSchema(object(List.of(),
                        "plan", string("The plan as markdown."),
                        "plan_path", string("Path of a markdown plan file instead of plan."),
                        "feature", string("Short feature name for the session directory."),
                        "workdir", string("Project directory. Default: the server's."),
                        "tasks", array("Tasks the host already decomposed, instead of a plan.", taskItem)))
                .outputSchema(openObject(List.of(),
                        "session", string("The plan session id."),
                        "tasks", array("The tasks.", taskItem),
                        "waves", array("Task ids per wave.", array("One wave.", string("A task id.")))))
                .annotations(McpSchema.ToolAnnotations.builder().title("Decompose a plan into tasks")
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        return Answers.error("decompose_plan is not available yet in this build: split the plan yourself and call "
                + "spawn_agent once per task.");
    }
}
