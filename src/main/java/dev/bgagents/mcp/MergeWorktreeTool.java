package dev.bgagents.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

import static dev.bgagents.mcp.Schemas.*;

/** merge_worktree: brings a job's branch back. The handler comes with worktree support. */
final class MergeWorktreeTool implements BgTool {
    static final String NAME = "merge_worktree";

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Merge a job's worktree")
                .description("Merge (or squash) a finished job's branch into the target branch, refusing anything "
                        + "that would lose work. Not available in this build yet.")
                .inputSchema(object(List.of("job_id"),
                        "job_id", string("The job whose branch to merge."),
                        "into", string("Target branch. Default: the branch the job started from."),
                        "strategy", oneOf("merge (default) or squash.", List.of("merge", "squash")),
                        "dry_run", bool("Only report conflicts and changed files; change nothing."),
                        "cleanup", bool("Remove the worktree and branch after a successful merge (default true).")))
                .outputSchema(openObject(List.of("merged"),
                        "merged", bool("Whether the merge was made."),
                        "commit", nullableString("The merge or squash commit."),
                        "files_changed", array("Files the merge changes.", string("A path.")),
                        "conflicts", array("Files that conflict.", string("A path."))))
                .annotations(McpSchema.ToolAnnotations.builder().title("Merge a job's worktree")
                        .readOnlyHint(false).destructiveHint(true).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        return Answers.error("merge_worktree is not available yet in this build: jobs run in place, so their "
                + "changes are already in the working tree; review them with git.");
    }
}
