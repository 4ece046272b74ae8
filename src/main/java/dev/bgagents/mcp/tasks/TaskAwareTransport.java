package dev.bgagents.mcp.tasks;

import dev.bgagents.jobs.Job;
import dev.bgagents.mcp.stdio.SerializingTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
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
 * forking the SDK. It sits between the stdio transport and the SDK's session: inbound it
 * answers {@code tasks/*} and task-augmented {@code tools/call}s itself ({@link TaskMethods});
 * outbound it adds the {@code tasks} capability to the initialize answer and
 * {@code execution.taskSupport} to the job-starting tools in {@code tools/list} ({@link TaskRewrites})
 * — only when the client negotiated a protocol that has tasks, so older clients see exactly what
 * they saw before. Outbound messages go through a {@link SerializingTransport}.
 */
public final class TaskAwareTransport implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAwareTransport.class);

    private final McpServerTransportProvider inner;
    private final McpJsonMapper json;
    private final TaskMethods methods;
    private volatile Session session;
    // a tasks/result waits as long as its job runs: such waits get threads of their own
    private final Scheduler waits = Schedulers.fromExecutorService(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-task-wait");
        t.setDaemon(true);
        return t;
    }), "bg-task-wait");

    public TaskAwareTransport(McpServerTransportProvider inner, McpJsonMapper json, TaskMethods methods) {
        this.inner = inner;
        this.json = json;
        this.methods = methods;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        inner.setSessionFactory(transport -> {
            TaskRewrites rewrites = new TaskRewrites(methods.taskTools(), json);
            SerializingTransport out = new SerializingTransport(transport, rewrites::outbound);
            Session s = new Session(out, factory.create(out), rewrites);
            session = s;
            return s;
        });
    }

    /**
     * Tells the client that a task it started has ended (optional in the spec, cheap here): with this
     * job, unless its task goes on as the next job of its fallback chain.
     */
    public void jobEnded(Job job) {
        Session s = session;
        if (s == null) {
            return;
        }
        methods.endedTask(job, s.startedAsTask).ifPresent(task -> {
            try {
                s.sendNotification(TaskMethods.STATUS_NOTIFICATION, task).block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("task status for {} not sent: {}", job.id(), e.toString());
            }
        });
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

    /**
     * The session the stdio transport talks to: the SDK's own session does the work, this one
     * only decides which messages it sees. Its superclass state is never used.
     */
    private final class Session extends McpServerSession {
        private final McpServerSession sdk;
        private final SerializingTransport out;
        private final TaskRewrites rewrites;
        final Set<String> startedAsTask = ConcurrentHashMap.newKeySet();

        Session(SerializingTransport out, McpServerSession sdk, TaskRewrites rewrites) {
            super(sdk.getId(), Duration.ofSeconds(30), out, null, Map.of(), Map.of());
            this.out = out;
            this.sdk = sdk;
            this.rewrites = rewrites;
        }

        @Override
        public Mono<Void> handle(JSONRPCMessage message) {
            if (!(message instanceof JSONRPCRequest request)) {
                return sdk.handle(message);
            }
            rewrites.inbound(request);
            String method = request.method();
            if (rewrites.tasksOn() && TaskMethods.METHODS.contains(method)) {
                Scheduler on = TaskMethods.RESULT.equals(method) ? waits : Schedulers.boundedElastic();
                return answer(request, on, () -> methods.answer(method, request.params()));
            }
            if (rewrites.tasksOn() && McpSchema.METHOD_TOOLS_CALL.equals(method)
                    && request.params() instanceof Map<?, ?> params && params.get("task") != null) {
                return answer(request, Schedulers.boundedElastic(), () -> {
                    Map<String, Object> created = methods.createTask(String.valueOf(params.get("name")),
                            arguments(params.get("arguments")));
                    startedAsTask.add((String) ((Map<?, ?>) created.get("task")).get("taskId"));
                    return created;
                });
            }
            return sdk.handle(message);
        }

        private Mono<Void> answer(JSONRPCRequest request, Scheduler on, java.util.concurrent.Callable<Object> work) {
            return Mono.fromCallable(() -> {
                try {
                    return JSONRPCResponse.result(request.id(), work.call());
                } catch (TaskMethods.TaskError e) {
                    return error(request.id(), e.code, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error(request.method() + " failed", e);
                    return error(request.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                            request.method() + " failed inside bg-agents: " + e + " (details in the server log)");
                }
            }).subscribeOn(on).flatMap(out::sendMessage);
        }

        private Map<String, Object> arguments(Object raw) {
            return raw == null ? Map.of() : json.convertValue(raw, new TypeRef<LinkedHashMap<String, Object>>() {
            });
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
        }
    }
}
