package dev.bgagents.mcp;

import dev.bgagents.jobs.Job;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Adds the MCP tasks utility (2025-11-25) to SDK 2.1.0, which has no notion of it, without
 * forking the SDK. It sits between the stdio transport and the SDK's session:
 * <ul>
 *   <li>inbound, it answers {@code tasks/*} itself ({@link TaskMethods}) and passes a
 *   task-augmented {@code tools/call} of a job-starting tool to the SDK without its
 *   {@code task} field, remembering the request;</li>
 *   <li>outbound, it turns that call's answer into a {@code CreateTaskResult}, adds the
 *   {@code tasks} capability to the initialize answer and {@code execution.taskSupport} to the
 *   job-starting tools in {@code tools/list} — only when the client negotiated a protocol that
 *   has tasks, so older clients see exactly what they saw before.</li>
 * </ul>
 * Every outbound message goes through one lock: the SDK's stdio transport drops a message two
 * threads emit at once, and tasks add a thread of their own.
 */
final class TaskAwareTransport implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAwareTransport.class);

    private final McpServerTransportProvider inner;
    private final McpJsonMapper json;
    private volatile TaskMethods methods;
    private volatile Session session;
    private volatile Runnable onClientGone = () -> { };
    // a tasks/result waits as long as its job runs: such waits get threads of their own
    private final Scheduler waits = Schedulers.fromExecutorService(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-task-wait");
        t.setDaemon(true);
        return t;
    }), "bg-task-wait");

    TaskAwareTransport(McpServerTransportProvider inner, McpJsonMapper json) {
        this.inner = inner;
        this.json = json;
    }

    /** Must be called before the server is built: the SDK asks for a session at build time. */
    void serve(TaskMethods m) {
        this.methods = m;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        inner.setSessionFactory(transport -> {
            Session s = Session.create(this, transport, factory);
            session = s;
            return s;
        });
    }

    /** Runs once the client has gone (stdin closed): the SDK's session has closed. */
    void onClientGone(Runnable r) {
        this.onClientGone = r;
    }

    /** Tells the client that a job it started as a task has ended (optional in the spec, cheap here). */
    void jobEnded(Job job) {
        Session s = session;
        TaskMethods m = methods;
        if (s == null || m == null || !s.startedAsTask.contains(job.id())) {
            return;
        }
        try {
            s.sendNotification(TaskMethods.STATUS_NOTIFICATION, m.task(job)).block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("task status for {} not sent: {}", job.id(), e.toString());
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return inner.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return inner.notifyClient(sessionId, method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return inner.closeGracefully();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public List<String> protocolVersions() {
        return inner.protocolVersions();
    }

    /** What the tools/list answer becomes: job-starting tools may run as tasks. */
    static Map<String, Object> withTaskSupport(Map<String, Object> toolsList) {
        Object tools = toolsList.get("tools");
        if (tools instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof Map<?, ?> tool && TaskMethods.TASK_TOOLS.contains(tool.get("name"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) tool;
                    m.put("execution", Map.of("taskSupport", "optional"));
                }
            }
        }
        return toolsList;
    }

    /**
     * The session the stdio transport talks to: the SDK's own session does the work, this one
     * only decides which messages it sees. Its superclass state is never used.
     */
    private static final class Session extends McpServerSession {
        private final TaskAwareTransport owner;
        private final Outbound out;
        private final McpServerSession sdk;
        final Set<String> startedAsTask = ConcurrentHashMap.newKeySet();

        static Session create(TaskAwareTransport owner, McpServerTransport raw, McpServerSession.Factory factory) {
            Outbound out = new Outbound(raw, owner.json);
            return new Session(owner, out, factory.create(out));
        }

        private Session(TaskAwareTransport owner, Outbound out, McpServerSession sdk) {
            super(sdk.getId(), Duration.ofSeconds(30), out, null, Map.of(), Map.of());
            this.owner = owner;
            this.out = out;
            this.sdk = sdk;
            out.session = this;
        }

        @Override
        public Mono<Void> handle(JSONRPCMessage message) {
            if (!(message instanceof JSONRPCRequest request)) {
                return sdk.handle(message);
            }
            String method = request.method();
            if (McpSchema.METHOD_INITIALIZE.equals(method)) {
                out.rewrites.put(request.id(), Rewrite.INITIALIZE);
            } else if (McpSchema.METHOD_TOOLS_LIST.equals(method)) {
                out.rewrites.put(request.id(), Rewrite.TOOLS_LIST);
            } else if (out.tasksOn && TaskMethods.METHODS.contains(method)) {
                return answerTasksMethod(request);
            } else if (out.tasksOn && McpSchema.METHOD_TOOLS_CALL.equals(method)
                    && request.params() instanceof Map<?, ?> params && params.get("task") != null) {
                return taskAugmentedCall(request, params);
            }
            return sdk.handle(message);
        }

        private Mono<Void> answerTasksMethod(JSONRPCRequest request) {
            TaskMethods m = owner.methods;
            Scheduler on = TaskMethods.RESULT.equals(request.method()) ? owner.waits : Schedulers.boundedElastic();
            return Mono.fromCallable(() -> {
                try {
                    return JSONRPCResponse.result(request.id(), m.answer(request.method(), request.params()));
                } catch (TaskMethods.TaskError e) {
                    return error(request.id(), e.code, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error(request.method() + " failed", e);
                    return error(request.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                            request.method() + " failed inside bg-agents: " + e + " (details in the server log)");
                }
            }).subscribeOn(on).flatMap(out::sendMessage);
        }

        private Mono<Void> taskAugmentedCall(JSONRPCRequest request, Map<?, ?> params) {
            Object name = params.get("name");
            if (!TaskMethods.TASK_TOOLS.contains(name)) {
                return out.sendMessage(error(request.id(), McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                        name + " does not run as a task (its execution.taskSupport is forbidden): call it without "
                                + "\"task\""));
            }
            if (params.get("arguments") instanceof Map<?, ?> args && args.get("session") != null) {
                return out.sendMessage(error(request.id(), McpSchema.ErrorCodes.INVALID_PARAMS,
                        "a plan session starts many jobs, one task each is not possible: call spawn_agent "
                                + "{session} without \"task\", or start its tasks one by one with task_file"));
            }
            Map<Object, Object> plain = new LinkedHashMap<>(params);
            plain.remove("task");
            out.rewrites.put(request.id(), Rewrite.CREATE_TASK);
            return sdk.handle(new JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), plain));
        }

        private static JSONRPCResponse error(Object id, int code, String message) {
            return JSONRPCResponse.error(id, new JSONRPCResponse.JSONRPCError(code, message));
        }

        @Override
        public String getId() {
            return sdk.getId();
        }

        @Override
        public void init(McpSchema.ClientCapabilities capabilities, McpSchema.Implementation clientInfo) {
            sdk.init(capabilities, clientInfo);
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
            sdk.setMinLoggingLevel(level);
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
            return sdk.isNotificationForLevelAllowed(level);
        }

        @Override
        public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
            return sdk.sendRequest(method, params, type);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return sdk.sendNotification(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return sdk.closeGracefully();
        }

        @Override
        public void close() {
            sdk.close();
            owner.onClientGone.run();
        }
    }

    private enum Rewrite { INITIALIZE, TOOLS_LIST, CREATE_TASK }

    /** The transport the SDK's session writes to: rewrites the answers noted inbound, one message at a time. */
    private static final class Outbound implements McpServerTransport {
        private final McpServerTransport raw;
        private final McpJsonMapper json;
        final Map<Object, Rewrite> rewrites = new ConcurrentHashMap<>();
        volatile boolean tasksOn;
        volatile Session session;

        Outbound(McpServerTransport raw, McpJsonMapper json) {
            this.raw = raw;
            this.json = json;
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.defer(() -> {
                JSONRPCMessage m = message;
                if (message instanceof JSONRPCResponse r && r.id() != null) {
                    Rewrite rewrite = rewrites.remove(r.id());
                    // an error answer goes out as it is
                    if (rewrite != null && r.result() != null) {
                        m = rewrite(rewrite, r);
                    }
                }
                Sinks.Empty<Void> sent = Sinks.empty();
                // the emit happens while subscribing, so holding the lock across it serializes emits
                synchronized (this) {
                    raw.sendMessage(m).subscribe(v -> { }, sent::tryEmitError, sent::tryEmitEmpty);
                }
                return sent.asMono();
            });
        }

        private JSONRPCResponse rewrite(Rewrite rewrite, JSONRPCResponse r) {
            return switch (rewrite) {
                case INITIALIZE -> {
                    Map<String, Object> result = asMap(r.result());
                    tasksOn = TaskMethods.supported((String) result.get("protocolVersion"));
                    if (tasksOn && result.get("capabilities") instanceof Map<?, ?> caps) {
                        Map<String, Object> withTasks = new LinkedHashMap<>(asMap(caps));
                        withTasks.put("tasks", TaskMethods.capability());
                        result.put("capabilities", withTasks);
                    }
                    yield JSONRPCResponse.result(r.id(), result);
                }
                case TOOLS_LIST -> tasksOn ? JSONRPCResponse.result(r.id(), withTaskSupport(asMap(r.result()))) : r;
                case CREATE_TASK -> createTask(r);
            };
        }

        private JSONRPCResponse createTask(JSONRPCResponse r) {
            McpSchema.CallToolResult answer = json.convertValue(r.result(), McpSchema.CallToolResult.class);
            try {
                Map<String, Object> created = session.owner.methods.created(answer);
                @SuppressWarnings("unchecked")
                Map<String, Object> task = (Map<String, Object>) created.get("task");
                session.startedAsTask.add((String) task.get("taskId"));
                return JSONRPCResponse.result(r.id(), created);
            } catch (TaskMethods.TaskError e) {
                return Session.error(r.id(), e.code, e.getMessage());
            }
        }

        private Map<String, Object> asMap(Object value) {
            return json.convertValue(value, new TypeRef<LinkedHashMap<String, Object>>() {
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return raw.unmarshalFrom(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return raw.closeGracefully();
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        public List<String> protocolVersions() {
            return raw.protocolVersions();
        }
    }
}
