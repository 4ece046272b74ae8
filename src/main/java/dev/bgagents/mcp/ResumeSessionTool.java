package dev.bgagents.mcp;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.Schemas.*;

/**
 * resume_session: a new job that continues an ended job's agent session — same CLI, same
 * directory — with a follow-up prompt. A CLI without sessions (ollama) gets the earlier
 * exchange again as context.
 */
final class ResumeSessionTool implements BgTool {
    static final String NAME = "resume_session";
    /** How much of the earlier exchange is re-sent to a CLI without sessions. */
    static final int MAX_CONTEXT_CHARS = 200_000;

    private final ServerContext ctx;

    ResumeSessionTool(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Resume an agent session")
                .description("Start a new job that continues an ended job's agent session (same CLI, same directory, "
                        + "the agent remembers the earlier turns) with a follow-up prompt: finish a cut-off run, fix "
                        + "what failed, rebase. Wait for it like any job.")
                .inputSchema(object(List.of("job_id", "prompt"),
                        "job_id", string("The ended job whose session to continue."),
                        "prompt", string("The follow-up instruction; it can be brief, the agent keeps its context."),
                        "timeout_minutes", number("Wall-clock limit of the new job. Default: the earlier job's.",
                                0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES),
                        "stall_minutes", number("No-output limit of the new job. Default: the earlier job's.",
                                0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES)))
                .outputSchema(openObject(List.of("job_id", "status", "resumes"),
                        "job_id", string("The new job."),
                        "status", oneOf("running or queued.", List.of("running", "queued", "failed")),
                        "resumes", string("The job whose session it continues."),
                        "session_id", nullableString("The session it continues (null for a CLI without sessions).")))
                .annotations(McpSchema.ToolAnnotations.builder().title("Resume an agent session")
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(true).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        Job earlier = ctx.job(args.string("job_id"));
        String followUp = args.requiredString("prompt", "say what the agent should do next");
        if (earlier.status().isActive()) {
            throw new BadInput(earlier.id() + " is still " + earlier.status().wire()
                    + ": wait for it (job_status wait=\"any\") or cancel it before resuming");
        }
        AgentCli cli = AgentJobs.resolve(ctx, earlier.spec().provider()).cli();
        Path workdir = Path.of(earlier.spec().workdir());
        if (!Files.isDirectory(workdir)) {
            throw new BadInput(earlier.id() + " worked in " + workdir + ", which no longer exists: spawn a new job");
        }
        String session = earlier.state().sessionId();
        String prompt = followUp;
        if (cli.hasSessions()) {
            if (session == null) {
                throw new BadInput(earlier.id() + " never produced a session id (" + earlier.status().wire()
                        + " before the agent started a session): spawn a new job instead");
            }
        } else {
            session = null;
            prompt = withEarlierExchange(earlier, followUp);
        }
        double timeout = orDefault(args.number("timeout_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES),
                earlier.spec().timeoutMinutes());
        double stall = orDefault(args.number("stall_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES),
                earlier.spec().stallMinutes());
        if (earlier.workspace() != null && earlier.workspace().removed()) {
            throw new BadInput(earlier.id() + "'s worktree was removed after its merge: spawn a new job");
        }
        Job job = AgentJobs.start(ctx, new AgentJobs.Request(null, earlier.spec().provider(), prompt, workdir,
                earlier.spec().model(), Permissions.fromWire(earlier.spec().permissions()).orElseThrow(),
                timeout, stall, session, earlier.id(),
                earlier.workspace() == null ? null : earlier.workspace().continued(), List.of(), earlier.spec().plan(),
                earlier.spec().planTask()));
        McpSchema.CallToolResult started = SpawnAgentTool.answer(job, ctx.scheduler().activeIds().size(),
                ctx.config().maxConcurrent(), ctx.scheduler().preparing(job.id()));
        if (Boolean.TRUE.equals(started.isError())) {
            return started;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("status", job.status().wire());
        s.put("resumes", earlier.id());
        s.put("session_id", session);
        String text = (job.status().isActive() && job.status().wire().equals("queued") ? "Queued " : "Started ")
                + job.id() + ", continuing " + earlier.id()
                + (session == null ? " (earlier exchange re-sent as context)" : " (session " + session + ")")
                + ". Wait: job_status wait=\"any\".";
        return Answers.ok(text, s);
    }

    /** The earlier prompt and answer, then the follow-up, for a CLI that cannot resume by id. */
    private String withEarlierExchange(Job earlier, String followUp) {
        String before;
        try {
            before = Files.readString(ctx.store().files(earlier.id()).prompt(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new BadInput("cannot read the prompt of " + earlier.id() + ": " + e.getMessage());
        }
        String answer = earlier.report() == null || earlier.report().finalMessage() == null ? "(no answer)"
                : earlier.report().finalMessage();
        String context = "Earlier in this conversation, you were asked:\n\n" + before
                + "\n\nYou answered:\n\n" + answer;
        if (context.length() > MAX_CONTEXT_CHARS) {
            context = "…" + context.substring(context.length() - MAX_CONTEXT_CHARS);
        }
        return context + "\n\nNow:\n\n" + followUp;
    }

    private static double orDefault(Double v, double fallback) {
        return v == null ? fallback : v;
    }
}
