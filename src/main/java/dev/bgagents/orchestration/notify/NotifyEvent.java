package dev.bgagents.orchestration.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing the person is told, as every sink gets it: compact, its keys stable. {@code id} names
 * the event for good — a receiver that sees it twice (a delivery retried after its answer was lost)
 * can tell. Text an agent chose ({@code outcome}) arrives here escaped and clipped to one line.
 *
 * @param type    one of {@code NotifySettings.EVENTS}
 * @param jobId   the job it is about, or null (a plan's end)
 * @param status  the job's status (or the plan's: succeeded when every task did, else failed), or null
 * @param outcome one line for a person
 * @param plan    the plan session it belongs to, or null
 */
public record NotifyEvent(String id, String type, String jobId, String status, String outcome, String project,
                          String plan, Instant time) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event as its sinks send it: only the keys that have a value, always in this order. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        put(m, "job_id", jobId);
        put(m, "plan", plan);
        put(m, "status", status);
        m.put("outcome", outcome);
        m.put("project", project);
        m.put("time", time.toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static NotifyEvent parse(String json) throws JsonProcessingException {
        var n = JSON.readTree(json);
        return new NotifyEvent(n.path("id").asText(), n.path("type").asText(), text(n.get("job_id")),
                text(n.get("status")), n.path("outcome").asText(), n.path("project").asText(), text(n.get("plan")),
                Instant.parse(n.path("time").asText()));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
