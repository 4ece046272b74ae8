package dev.bgagents.mcp;

import dev.bgagents.config.Config;
import dev.bgagents.config.ConfigProblem;
import dev.bgagents.mcp.modern.ModernEndpoint;
import dev.bgagents.mcp.prompts.FlowPrompts;
import dev.bgagents.mcp.push.Elicitations;
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
import dev.bgagents.mcp.tools.ServerInfo;
import dev.bgagents.mcp.tools.Tools;
import dev.bgagents.mcp.tools.UnavailableTool;
import dev.bgagents.orchestration.Engine;
import dev.bgagents.orchestration.Runner;
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
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The MCP server over stdio: the engine of one project behind the seven tools, MCP tasks and the pushes. */
public final class BgAgentsServer {
    private static final Logger LOG = LoggerFactory.getLogger(BgAgentsServer.class);
    private BgAgentsServer() {
    }

    /** The tools as the engine serves them. */
    static List<BgTool> tools(Engine e) {
        return Tools.of(e.spawning(), e.resuming(), e.watching(), e.summarizing(), e.cancelling(), e.merging(),
                e.planning());
    }

    /**
     * Serves MCP on stdin/stdout until stdin closes. The stdin guard starts first, so a host's
     * {@code server/discover} probe is answered while the jobs are still being loaded; then the
     * jobs left running are re-attached and both protocol eras are served.
     */
    public static void serve(Path project, Config config) throws IOException {
        LineOutput stdout = protocolOut();
        ModernEndpoint modern = new ModernEndpoint(stdout);
        InputStream legacyIn = StdinGuard.guard(System.in, stdout, modern::accept, new ExitWhenClientGone());

        Engine engine = Engine.open(project, config);
        List<BgTool> tools = tools(engine);
        TaskMethods taskMethods = new TaskMethods(engine.watching(), engine.summarizing(), engine.cancelling(),
                tools.stream().filter(JobStartingTool.class::isInstance).map(JobStartingTool.class::cast).toList());
        TaskAwareTransport transport = new TaskAwareTransport(
                new StdioServerTransportProvider(McpJsonDefaults.getMapper(), legacyIn, stdout.writer()),
                McpJsonDefaults.getMapper(), taskMethods);
        JobEvents events = new JobEvents(transport, engine.redactor(), config.push());
        engine.onJobEnded(events::jobEnded);
        engine.onJobEnded(transport::jobEnded);
        Elicitations elicitations = new Elicitations(engine.resuming(), engine.store());
        engine.onJobWaiting(elicitations::waiting);
        engine.start();
        JobResources resources = new JobResources(engine.store(), engine.redactor(), engine.summarizing());
        modern.ready(tools, engine.watching(), engine.summarizing(), engine.cancelling(), engine.planViews(), resources);

        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(ServerInfo.NAME, ServerInfo.VERSION)
                .instructions(ServerInfo.INSTRUCTIONS)
                // ToolArgs checks arguments itself, with one-line messages that say what to do
                .validateToolInputs(false)
                // a question to the person (elicitation) may stay open until its deadline
                .requestTimeout(java.time.Duration.ofSeconds(config.approvals().timeoutSeconds() + 30L))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().resources(true, false)
                        .prompts(false).experimental(Map.of("claude/channel", Map.of())).build())
                .tools(tools.stream().map(t -> specification(t, ex -> {
                    events.clientReady(ex.getClientInfo());
                    elicitations.attach(ex);
                })).toList())
                .resourceTemplates(resources.templates())
                .prompts(FlowPrompts.all().stream().map(BgAgentsServer::prompt).toList())
                .build();
        events.attach(server::notifyResourcesUpdated);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            // the host has gone: what it left queued or running must not wait for the next server
            Runner.handOffIfNeeded(engine);
            server.close();
        }, "bg-shutdown"));
        LOG.info("serving {} for {} ({} jobs on record)", ServerInfo.NAME, project, engine.store().all().size());
    }

    /**
     * Serves MCP on stdin/stdout without an engine: the config file cannot be used. A host shows
     * only "failed to connect" for a server that exits, so this one connects, lists its tools and
     * prompts, and answers every call with {@code problem} — what is wrong and how to fix it.
     */
    public static void serveBroken(Path project, ConfigProblem problem) throws IOException {
        LineOutput stdout = protocolOut();
        ModernEndpoint modern = new ModernEndpoint(stdout);
        InputStream legacyIn = StdinGuard.guard(System.in, stdout, modern::accept, new ExitWhenClientGone());
        List<BgTool> tools = UnavailableTool.all(problem.line());
        modern.unavailable(tools, problem.line());
        McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), legacyIn, stdout.writer()))
                .serverInfo(ServerInfo.NAME, ServerInfo.VERSION)
                .instructions(problem.line())
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).build())
                .tools(tools.stream().map(t -> specification(t, ex -> { })).toList())
                .prompts(FlowPrompts.all().stream().map(BgAgentsServer::prompt).toList())
                .build();
        LOG.warn("serving {} for {} without jobs: {}", ServerInfo.NAME, project, problem.line());
    }

    private static LineOutput protocolOut() {
        LineOutput stdout = new LineOutput(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        // stdout is the protocol's alone: anything else printed goes to stderr
        System.setOut(System.err);
        return stdout;
    }

    private static McpServerFeatures.SyncPromptSpecification prompt(FlowPrompts.Prompt p) {
        return new McpServerFeatures.SyncPromptSpecification(p.definition(), (exchange, request) ->
                new McpSchema.GetPromptResult(p.description(), List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                        new McpSchema.TextContent(p.text(request.arguments()))))));
    }

    /** {@code onCall} runs before each call is handled, given the session it came in (who the client is). */
    static McpServerFeatures.SyncToolSpecification specification(BgTool tool,
                                                                  java.util.function.Consumer<McpSyncServerExchange> onCall) {
        McpSchema.Tool def = tool.definition();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(def)
                .callHandler((exchange, request) -> {
                    onCall.accept(exchange);
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
