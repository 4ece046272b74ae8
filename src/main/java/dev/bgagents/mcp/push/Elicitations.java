package dev.bgagents.mcp.push;

import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Resuming;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A job's question to a person, put to the person in the host's own UI by MCP elicitation
 * ({@code elicitation/create}, form mode) — only when the host declared the capability at initialize,
 * never assumed. Each question is asked once, from a thread of its own (a person may take minutes; no
 * tool answer waits for it); an accept is the answer (by {@code elicitation}), while a decline, a cancel,
 * an error or no answer leaves the question to resume_session, the dashboard or its deadline.
 * The SDK lets a server speak first only through a session's exchange, which this learns from the
 * host's first tool call: questions asked before it wait for it.
 */
public final class Elicitations {
    private static final Logger LOG = LoggerFactory.getLogger(Elicitations.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Resuming person;
    private final JobStore store;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final ExecutorService askers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bg-elicit");
        t.setDaemon(true);
        return t;
    });
    private volatile McpSyncServerExchange exchange;

    public Elicitations(Resuming person, JobStore store) {
        this.person = person;
        this.store = store;
    }

    /** The host's session, from a tool call: the first one also asks the questions already waiting. */
    public void attach(McpSyncServerExchange ex) {
        boolean first = exchange == null;
        exchange = ex;
        if (first && supported(ex)) {
            for (Job job : store.all()) {
                if (job.status() == JobStatus.WAITING) {
                    ChannelDir.of(store.files(job.id()).dir()).pending().forEach(r -> waiting(job, r));
                }
            }
        }
    }

    /** A job's question became pending (told once per question, on the watchdog's thread). */
    public void waiting(Job job, PersonRequest r) {
        McpSyncServerExchange ex = exchange;
        if (ex == null || !supported(ex) || !asked.add(job.id() + "/" + r.id())) {
            return;
        }
        askers.execute(() -> ask(ex, job, r));
    }

    /** Whether the host said at initialize that it takes form elicitations. */
    static boolean supported(McpSyncServerExchange ex) {
        return supported(ex.getClientCapabilities());
    }

    static boolean supported(McpSchema.ClientCapabilities caps) {
        // an empty elicitation object (the 2025-06-18 form) means form mode; a url-only one does not
        return caps != null && caps.elicitation() != null
                && (caps.elicitation().form() != null || caps.elicitation().url() == null);
    }

    static McpSchema.ElicitRequest request(Job job, PersonRequest r) {
        String by = r.deadline() == null ? "" : " No answer by " + CLOCK.format(r.deadline()) + " is a deny.";
        return McpSchema.ElicitRequest.builder()
                .message("bg-agents: job " + job.id() + " (" + job.spec().provider() + ") asks to run "
                        + r.line() + " (request " + r.id() + ")." + by)
                .requestedSchema(Map.of("type", "object",
                        "properties", Map.of(
                                "decision", Map.of("type", "string", "title", "Decision", "enum", List.of("allow", "deny")),
                                "message", Map.of("type", "string", "title", "Message to the agent (optional)")),
                        "required", List.of("decision")))
                .build();
    }

    private void ask(McpSyncServerExchange ex, Job job, PersonRequest r) {
        try {
            McpSchema.ElicitResult result = ex.createElicitation(request(job, r));
            Object decision = result.content() == null ? null : result.content().get("decision");
            if (result.action() != McpSchema.ElicitResult.Action.ACCEPT
                    || !("allow".equals(decision) || "deny".equals(decision))) {
                LOG.info("elicitation for {} of {}: {}; left to the tool, the dashboard or the deadline", r.id(),
                        job.id(), result.action());
                return;
            }
            Object message = result.content().get("message");
            person.tell(new Resuming.Word(job.id(), (String) decision, r.id(),
                    message instanceof String s ? s : null, false, "elicitation"));
        } catch (Refusal answeredMeanwhile) {
            LOG.info("elicitation for {} of {} came too late: {}", r.id(), job.id(), answeredMeanwhile.getMessage());
        } catch (RuntimeException e) {
            LOG.info("elicitation for {} of {} failed: {}", r.id(), job.id(), e.toString());
        }
    }
}
