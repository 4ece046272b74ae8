package dev.bgagents.it.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Say;
import dev.bgagents.it.mock.HostModelMock.Step;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host model that does what the answers tell it: after its opening calls (what the user asked
 * for), each turn takes the next call the tool results suggested — a result's {@code next}, or
 * the "Next:" of its text — in the order they were suggested, each call once (a result that
 * suggests its own call again, as a wait that ran out does, is repeated). "read_summary … (and
 * the other ended ones)" is read as a model would: a summary of every ended job listed. Nothing
 * of the flow is written here, so the calls it makes measure what the server's hints cost.
 */
public final class HintFollower implements Function<JsonNode, Step> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL = Pattern.compile("\\b(spawn_agent|job_status|read_summary|merge_worktree|"
            + "resume_session|cancel_job)\\b(\\s*\\{(?:[^{}\\[\\]]|\\[[^\\]]*\\])*\\}|(?:\\s+[a-z_]+=\"[^\"]*\")+)?");
    private static final Pattern KEY = Pattern.compile("([{,]\\s*)([A-Za-z_]+)\\s*:");
    private static final Pattern PAIR = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled", "timed_out", "lost");

    private final String prefix;
    private final List<Call> opening;
    private final int maxCalls;

    /** {@code prefix}: how the host names the server's tools ({@code mcp__bg-agents__}). */
    public HintFollower(String prefix, List<Call> opening, int maxCalls) {
        this.prefix = prefix;
        this.opening = List.copyOf(opening);
        this.maxCalls = maxCalls;
    }

    @Override
    public Step apply(JsonNode messages) {
        List<String[]> exchanges = exchanges(messages);
        if (exchanges.size() < opening.size()) {
            return opening.get(exchanges.size());
        }
        if (exchanges.size() >= maxCalls) {
            return new Say("Stopped after " + maxCalls + " calls.");
        }
        Set<String> made = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>();
        for (String[] e : exchanges) {
            String call = e[0];
            queue.remove(call);
            made.add(call);
            for (String hinted : hinted(e[1])) {
                boolean again = hinted.equals(call);
                if ((again || !made.contains(hinted)) && !queue.contains(hinted)) {
                    queue.add(hinted);
                }
            }
        }
        if (queue.isEmpty()) {
            return new Say("Done: the answers suggest nothing more.");
        }
        String next = queue.get(0);
        int space = next.indexOf(' ');
        return new Call(prefix + next.substring(0, space), next.substring(space + 1));
    }

    /** Each call made (tool and input, as one key) with the text its result gave the model. */
    private List<String[]> exchanges(JsonNode messages) {
        List<String[]> out = new ArrayList<>();
        java.util.Map<String, String> calls = new java.util.HashMap<>();
        for (JsonNode m : messages) {
            for (JsonNode c : m.path("content")) {
                if (c.path("type").asText().equals("tool_use")) {
                    calls.put(c.path("id").asText(), key(c.path("name").asText().replace(prefix, ""), c.path("input")));
                } else if (c.path("type").asText().equals("tool_result") && calls.containsKey(c.path("tool_use_id").asText())) {
                    out.add(new String[]{calls.get(c.path("tool_use_id").asText()), HostModelMock.received(c.path("content"))});
                }
            }
        }
        return out;
    }

    private static String key(String tool, JsonNode input) {
        return tool + " " + input.toString();
    }

    /** The calls a result suggests, in order. */
    static List<String> hinted(String received) {
        String text = null;
        JsonNode json = null;
        try {
            json = JSON.readTree(received);
        } catch (Exception e) {
            // a plain-text answer
        }
        if (json != null && json.isObject()) {
            for (String field : List.of("next", "summary", "message")) {
                if (json.hasNonNull(field)) {
                    text = json.get(field).asText();
                    break;
                }
            }
        } else {
            text = received;
        }
        if (text == null) {
            return List.of();
        }
        for (String marker : List.of("Next:", "Wait:", "Run:")) {
            int at = text.indexOf(marker);
            if (at >= 0 && (json == null || !json.hasNonNull("next"))) {
                text = text.substring(at);
                break;
            }
        }
        List<String> out = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            if (m.group(2) == null) {
                continue; // a tool named without arguments is advice, not a call
            }
            out.add(key(m.group(1), arguments(m.group(2).strip())));
        }
        if (text.contains("and the other ended ones") && json != null) {
            for (JsonNode j : json.path("jobs")) {
                if (ENDED.contains(j.path("status").asText())) {
                    String call = key("read_summary", JSON.createObjectNode().put("job_id", j.path("job_id").asText()));
                    if (!out.contains(call)) {
                        out.add(call);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode arguments(String args) {
        try {
            if (args.startsWith("{")) {
                return JSON.readTree(KEY.matcher(args).replaceAll("$1\"$2\":"));
            }
            ObjectNode o = JSON.createObjectNode();
            Matcher p = PAIR.matcher(args);
            while (p.find()) {
                o.put(p.group(1), p.group(2));
            }
            return o;
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
