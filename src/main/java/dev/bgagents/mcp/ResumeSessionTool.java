package dev.bgagents.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

import static dev.bgagents.mcp.Schemas.*;

/** resume_session: continues a job's agent session with a follow-up. The handler comes with session support. */
final class ResumeSessionTool implements BgTool {
    static final String NAME = "resume_session";

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Resume an agent session")
                .description("Start a new job that continues an ended job's agent session (same CLI, same directory) "
                        + "with a follow-up prompt. Not available in this build yet.")
                .inputSchema(object(List.of("job_id", "prompt"),
                        "job_id", string("The ended job whose session to continue."),
                        "prompt", string("The follow-up instruction.")))
                .outputSchema(openObject(List.of("job_id", "status"),
                        "job_id", string("The new job."),
                        "status", oneOf("running or queued.", List.of("running", "queued")),
                        "resumes", string("The job whose session it continues.")))
                .annotations(McpSchema.ToolAnnotations.builder().title("Resume an agent session")
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(true).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        return Answers.error("resume_session is not available yet in this build: spawn_agent a new job whose prompt "
                + "restates what is left to do.");
    }
}
