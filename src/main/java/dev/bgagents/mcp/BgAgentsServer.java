package dev.bgagents.mcp;

import dev.bgagents.config.Config;
import dev.bgagents.mcp.push.JobEvents;
import dev.bgagents.mcp.push.JobResources;
import dev.bgagents.mcp.stdio.ExitWhenClientGone;
import dev.bgagents.mcp.stdio.LineOutput;
import dev.bgagents.mcp.stdio.StdinGuard;
import dev.bgagents.mcp.tasks.TaskAwareTransport;
import dev.bgagents.mcp.tasks.TaskMethods;
import dev.bgagents.mcp.tools.Answers;
import dev.bgagents.mcp.tools.BgTool;
import dev.bgagents.mcp.tools.JobStartingTool;
import dev.bgagents.mcp.tools.Progress;
import dev.bgagents.mcp.tools.Tools;
import dev.bgagents.orchestration.Engine;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The MCP server over stdio: the engine of one project behind the seven tools, MCP tasks and the pushes. */
public final class BgAgentsServer {
    private static final Logger LOG = LoggerFactory.getLogger(BgAgentsServer.class);
    public static final String NAME = "bg-agents";
    public static final String VERSION = "0.1.0";

    static final String INSTRUCTIONS = """
            bg-agents runs other coding-agent CLIs (claude, codex, gemini, opencode, ollama, or providers configured \
            in bg-agents.json) as \
            background jobs, so you keep working while they do.
            Flow: 1) spawn_agent {prompt, provider?} answers at once with a job_id. Give a self-contained \
            prompt: goal, files to touch, constraints, how to verify. 2) Keep working. When you need the result, \
            call job_status {wait: "any"}: it blocks until a job ends (at most 50 s per call; if it says the jobs \
            are still running, call it again). 3) read_summary {job_id} gives the outcome, the agent's final \
            message, files written, commands, errors and cost in a few hundred characters: read it instead of \
            logs. In a git repository each job works in its own worktree on branch bg/<job_id>; whatever it \
            leaves uncommitted is committed there when it ends. merge_worktree {job_id, dry_run?} brings the branch \
            back (refusing conflicts and your uncommitted changes, changing nothing). 4) resume_session {job_id, prompt} continues an ended job's agent session with a follow-up (finish a cut-off run, fix a failure). 5) cancel_job stops a job and every process it started.
            Plans: decompose_plan {plan or plan_path} splits a plan into tasks and waves (task files under \
            .context/impl/); spawn_agent {session} then runs it all, each task waiting for the ones it depends \
            on and starting on their branches; wait with job_status {wait: "all"}. spawn_agent {depends_on: \
            [job ids]} does the same for single jobs.
            Statuses: queued, running, succeeded, failed, cancelled, timed_out, lost. Jobs keep running and are \
            found again if this server restarts.
            Push: when a job ends you receive a notification (logger bg-agents) and, in Claude Code with channels \
            enabled, a <channel> event whose content is the one-line outcome and whose meta has job_id, status and \
            provider. Treat it as the answer to a wait: call read_summary for that job_id. Each job is also a \
            resource, bg-agents://jobs/<job_id>/summary (subscribe to be told when it ends) and .../log.""";

    private BgAgentsServer() {
    }

    /** The tools as the engine serves them. */
    static List<BgTool> tools(Engine e) {
        return Tools.of(e.spawning(), e.resuming(), e.watching(), e.summarizing(), e.cancelling(), e.merging(),
                e.planning());
    }

    /** Loads jobs, re-attaches running ones, and serves MCP on stdin/stdout until stdin closes. */
    public static void serve(Path project, Config config) throws IOException {
        Engine engine = Engine.open(project, config);
        List<BgTool> tools = tools(engine);
        TaskMethods taskMethods = new TaskMethods(engine.watching(), engine.summarizing(), engine.cancelling(),
                tools.stream().filter(JobStartingTool.class::isInstance).map(JobStartingTool.class::cast).toList());
        TaskAwareTransport transport = new TaskAwareTransport(stdio(), McpJsonDefaults.getMapper(), taskMethods,
                new ExitWhenClientGone());
        JobEvents events = new JobEvents(transport, engine.redactor(), config.push());
        engine.onJobEnded(events::jobEnded);
        engine.onJobEnded(transport::jobEnded);
        engine.start();

        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                // ToolArgs checks arguments itself, with one-line messages that say what to do
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().resources(true, false)
                        .experimental(Map.of("claude/channel", Map.of())).build())
                .tools(tools.stream().map(t -> specification(t, events)).toList())
                .resourceTemplates(new JobResources(engine.store(), engine.redactor()).templates())
                .build();
        events.attach(server::notifyResourcesUpdated);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            server.close();
        }, "bg-shutdown"));
        LOG.info("serving {} for {} ({} jobs on record)", NAME, project, engine.store().all().size());
    }

    /**
     * The SDK's stdio transport behind the stdin guard (one bad line must not end the session)
     * and over whole-line output. stdout is the protocol's alone: anything else printed goes to stderr.
     */
    private static StdioServerTransportProvider stdio() throws IOException {
        LineOutput stdout = new LineOutput(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        return new StdioServerTransportProvider(McpJsonDefaults.getMapper(), StdinGuard.guard(System.in, stdout),
                stdout.writer());
    }

    static McpServerFeatures.SyncToolSpecification specification(BgTool tool, JobEvents events) {
        McpSchema.Tool def = tool.definition();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(def)
                .callHandler((exchange, request) -> {
                    events.clientReady();
                    return Answers.result(Answers.call(tool, request.arguments(),
                            progress(exchange, request.progressToken())));
                })
                .build();
    }

    private static Progress progress(McpSyncServerExchange exchange, Object token) {
        return token == null ? Progress.NONE : (done, total, message) -> exchange.progressNotification(
                new McpSchema.ProgressNotification(token, done, total, message));
    }
}
