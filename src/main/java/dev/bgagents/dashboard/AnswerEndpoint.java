package dev.bgagents.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.view.ProjectJobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's one way to write: a person's Allow or Deny for a job's pending request, written as
 * its {@link Answer} (by {@code dashboard}) through the job's channel. Besides the URL token and Host
 * check every request passes, a write must come from the page itself: POST with a JSON body of at most
 * {@link #MAX_BODY} bytes, an {@code Origin} of the dashboard's own address ({@code Sec-Fetch-Site},
 * when sent, {@code same-origin}), and a CSRF token the page got with its HTML — never in a URL, so a
 * leaked address (history, a screen share) does not suffice, and another page cannot read it.
 */
final class AnswerEndpoint {
    static final int MAX_BODY = 4096;
    /** Pages open at once whose tokens stay good; the oldest is forgotten past it. */
    private static final int PAGES = 64;
    static final String CSRF_HEADER = "X-Bg-Csrf";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<ProjectJobs> projects;
    private final Set<String> origins;
    private final Set<String> tokens = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > PAGES;
        }
    }));

    AnswerEndpoint(List<ProjectJobs> projects, int port) {
        this.projects = projects;
        this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
    }

    /** A new token for a page being served. */
    String issue() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String t = HexFormat.of().formatHex(b);
        tokens.add(t);
        return t;
    }

    /** Answers a POST to {@code answer}: status code and a one-line JSON reply. */
    Reply post(HttpExchange ex) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (origin == null || !origins.contains(origin.toLowerCase()) || (site != null && !site.equals("same-origin"))) {
            return new Reply(403, "refused: a write comes only from this dashboard's own page");
        }
        String csrf = ex.getRequestHeaders().getFirst(CSRF_HEADER);
        if (csrf == null || !known(csrf)) {
            return new Reply(403, "refused: missing or unknown " + CSRF_HEADER + " (reload the page)");
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            return new Reply(415, "refused: the body must be application/json");
        }
        byte[] body = readAtMost(ex.getRequestBody(), MAX_BODY);
        if (body == null) {
            return new Reply(413, "refused: the body is over " + MAX_BODY + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            return new Reply(400, "refused: the body is not JSON");
        }
        String job = text(n, "job");
        String request = text(n, "request");
        String decision = text(n, "decision");
        String message = text(n, "message");
        if (job == null || request == null || !("allow".equals(decision) || "deny".equals(decision))
                || !job.matches("[A-Za-z0-9_-]{1,80}") || !request.matches("[A-Za-z0-9_-]{1,80}")
                || (message != null && message.length() > 1000)) {
            return new Reply(400, "refused: send {job, request, decision: allow|deny, message?}");
        }
        Optional<ChannelDir> channel = channelOf(job);
        Optional<PersonRequest> asked = channel.flatMap(c -> c.pending().stream().filter(r -> r.id().equals(request)).findFirst());
        if (asked.isEmpty()) {
            return new Reply(409, "no pending request " + request + " on " + job + " (answered already, or ended)");
        }
        boolean first = channel.get().answer(new Answer(request, decision.equals("allow") ? Answer.Decision.ALLOW
                : Answer.Decision.DENY, message == null || message.isBlank() ? null : message, "dashboard", Instant.now()));
        return first ? new Reply(200, (decision.equals("allow") ? "allowed " : "denied ") + asked.get().line()
                + " for " + job) : new Reply(409, "request " + request + " was answered already");
    }

    record Reply(int code, String line) {
        String json() {
            return "{\"ok\":" + (code == 200) + ",\"said\":" + quote(line) + "}";
        }
    }

    private boolean known(String token) {
        synchronized (tokens) {
            for (String t : tokens) {
                if (MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<ChannelDir> channelOf(String job) {
        for (ProjectJobs p : projects) {
            // a job newer than the page's last look is on disk, not yet in the store
            if (p.store().get(job).isPresent() || p.store().discover().stream().anyMatch(j -> j.id().equals(job))) {
                return Optional.of(ChannelDir.of(p.store().files(job).dir()));
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The body, or null when it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] b = in.readNBytes(max + 1);
        return b.length > max ? null : b;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            return "\"\"";
        }
    }
}
