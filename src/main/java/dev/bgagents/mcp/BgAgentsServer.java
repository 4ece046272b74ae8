package dev.bgagents.mcp;

import dev.bgagents.agents.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.git.WorktreeGc;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.Scheduler;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.project.Confinement;
import dev.bgagents.project.StateLayout;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryFiles;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bgagents.mcp.stdio.LineOutput;
import dev.bgagents.mcp.stdio.StdinGuard;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The MCP server over stdio: the seven tools, the job runtime behind them, and the instructions. */
public final class BgAgentsServer {
    private static final Logger LOG = LoggerFactory.getLogger(BgAgentsServer.class);
    public static final String NAME = "bg-agents";
    public static final String VERSION = "0.1.0";
    /** Time for the shutdown to finish by itself once the client has gone. */
    private static final long EXIT_GRACE_MS = 3_000;

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

    /** The tools in the order they are listed. */
    static List<BgTool> tools(ServerContext ctx) {
        return List.of(new SpawnAgentTool(ctx), new JobStatusTool(ctx), new ReadSummaryTool(ctx),
                new CancelJobTool(ctx), new ResumeSessionTool(ctx), new MergeWorktreeTool(ctx), new DecomposePlanTool(ctx));
    }

    /** Loads jobs, re-attaches running ones, and serves MCP on stdin/stdout until stdin closes. */
    public static void serve(Path project, Config config) throws IOException {
        Providers providers = new Providers(config);
        JobStore store = new JobStore(new StateLayout(project).jobs());
        store.load();
        Redactor redactor = ServerContext.redactorFor(config);
        TaskAwareTransport transport = new TaskAwareTransport(stdio(), McpJsonDefaults.getMapper());
        JobEvents events = new JobEvents(transport, redactor, config.push());
        Scheduler scheduler = new Scheduler(store, config, providers, job -> {
            events.jobEnded(job);
            transport.jobEnded(job);
        });
        PlanSessions plans = new PlanSessions(new StateLayout(project).plans());
        PlanTracker planTracker = new PlanTracker(plans, store, redactor);
        scheduler.beforeEnd(job -> {
            jobEnded(store, job, redactor);
            planTracker.ending(job);
        });
        scheduler.onStart(planTracker::started);
        ServerContext ctx = new ServerContext(project, config, providers, scheduler, redactor, plans, planTracker,
                new Confinement(project, config.allowedRoots()));
        scheduler.sealWith(JobWorktrees::seal);
        scheduler.prepareWith(JobWorktrees::prepare);
        transport.serve(new TaskMethods(ctx));
        scheduler.start();
        // old worktrees go in the background: start-up must not wait on git
        Thread gc = new Thread(() -> {
            var report = WorktreeGc.run(store, Duration.ofMillis(Math.round(config.gcAfterDays() * 86_400_000)), false);
            report.removed().forEach(l -> LOG.info("gc: {}", l));
        }, "bg-gc");
        gc.setDaemon(true);
        gc.start();

        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                // ToolArgs checks arguments itself, with one-line messages that say what to do
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().resources(true, false)
                        .experimental(Map.of("claude/channel", Map.of())).build())
                .tools(tools(ctx).stream().map(t -> specification(t, events)).toList())
                .resourceTemplates(JobResources.templates(ctx))
                .build();
        events.attach(server);
        // the host is gone: jobs run detached and are found again by the next server, so nothing
        // may keep this process alive (an SDK thread that did not wind down, say)
        transport.onClientGone(() -> {
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(EXIT_GRACE_MS);
                } catch (InterruptedException ignored) {
                    // exit now
                }
                LOG.info("the client has gone; exiting");
                System.exit(0);
            }, "bg-exit");
            exit.setDaemon(true);
            exit.start();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            server.close();
        }, "bg-shutdown"));
        LOG.info("serving {} for {} ({} jobs on record)", NAME, project, store.all().size());
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

    private static void jobEnded(JobStore store, Job job, Redactor redactor) {
        try {
            SummaryFiles.write(job, store.files(job.id()).summary(), redactor);
        } catch (IOException e) {
            LOG.warn("cannot write summary of {}: {}", job.id(), e.toString());
        }
    }

    static McpServerFeatures.SyncToolSpecification specification(BgTool tool, JobEvents events) {
        McpSchema.Tool def = tool.definition();
        Set<String> known = knownArguments(def);
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(def)
                .callHandler((exchange, request) -> {
                    events.clientReady();
                    try {
                        ToolArgs args = new ToolArgs(request.arguments(), known, def.name());
                        return tool.call(exchange, args, request.progressToken());
                    } catch (BadInput e) {
                        return Answers.error(e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.error(def.name() + " failed", e);
                        return Answers.error(def.name() + " failed inside bg-agents: " + e
                                + " (details in the server log)");
                    }
                })
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> knownArguments(McpSchema.Tool def) {
        Object props = def.inputSchema().get("properties");
        return props instanceof Map<?, ?> m ? new LinkedHashSet<>((Set<String>) m.keySet()) : Set.of();
    }
}
