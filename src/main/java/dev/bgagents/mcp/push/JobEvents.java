package dev.bgagents.mcp.push;

import dev.bgagents.text.Clip;
import dev.bgagents.jobs.Job;
import dev.bgagents.summary.Redactor;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pushes a job's end to the host so it never has to poll: an MCP logging notification, a
 * {@code notifications/resources/updated} for the job's summary resource (to subscribers), and
 * a Claude Code channel event ({@code notifications/claude/channel}, to Claude Code). Nothing is pushed before
 * the client has made its first request, so a job that ends during start-up cannot race the
 * initialize handshake; such jobs still show in job_status as unread.
 */
public final class JobEvents {
    static final String CHANNEL = "notifications/claude/channel";
    private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final McpServerTransportProviderBase transport;
    private final Redactor redactor;
    private final boolean enabled;
    private volatile Consumer<McpSchema.ResourcesUpdatedNotification> resourceUpdates;
    private volatile boolean clientReady;
    private volatile boolean claudeCode;

    public JobEvents(McpServerTransportProviderBase transport, Redactor redactor, boolean enabled) {
        this.transport = transport;
        this.redactor = redactor;
        this.enabled = enabled;
    }

    /** Where resource updates go: the SDK server sends them to the subscribers of the resource. */
    public void attach(Consumer<McpSchema.ResourcesUpdatedNotification> updates) {
        this.resourceUpdates = updates;
    }

    /**
     * Called on every request: from then on the client is initialized and can take notifications.
     * Claude Code's channel event goes to Claude Code only: another client has no handler for it
     * (the SDK's logs a warning for every one).
     */
    public void clientReady(McpSchema.Implementation client) {
        claudeCode = client != null && client.name() != null && client.name().toLowerCase(java.util.Locale.ROOT)
                .startsWith("claude");
        clientReady = true;
    }

    /** The one line a host sees for an ended job. */
    String outcome(Job job) {
        String detail = job.state().reason() != null ? job.state().reason()
                : job.report() != null && job.report().finalMessage() != null ? job.report().finalMessage() : "";
        return redactor.redact(job.id() + " " + job.status().wire() + " after " + job.elapsedSeconds(Instant.now())
                + " s" + (detail.isBlank() ? "" : ": " + Clip.oneLine(detail, 140)) + " — read_summary " + job.id());
    }

    public void jobEnded(Job job) {
        Consumer<McpSchema.ResourcesUpdatedNotification> updates = resourceUpdates;
        if (!enabled || !clientReady || updates == null) {
            return;
        }
        String line = outcome(job);
        send("notifications/message", Map.of("level", "notice", "logger", "bg-agents", "data", line));
        try {
            updates.accept(new McpSchema.ResourcesUpdatedNotification(JobResources.summaryUri(job.id())));
        } catch (RuntimeException e) {
            LOG.debug("resource update for {} not sent: {}", job.id(), e.toString());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("job_id", job.id());
        meta.put("status", job.status().wire());
        meta.put("provider", job.spec().provider());
        if (claudeCode) {
            send(CHANNEL, Map.of("content", line, "meta", meta));
        }
    }

    private void send(String method, Object params) {
        try {
            transport.notifyClients(method, params).block(SEND_TIMEOUT);
        } catch (RuntimeException e) {
            // a host that went away must not stop the job from being recorded
            LOG.debug("{} not sent: {}", method, e.toString());
        }
    }
}
