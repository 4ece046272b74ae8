package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ProviderConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A CLI the user declares in bg-agents.json. {@code args} may contain {@code {prompt}},
 * {@code {model}} and {@code {workdir}}; without {@code {prompt}} the prompt goes on stdin.
 * Output {@code text}: the final message is the end of stdout. Output {@code jsonl}: common
 * field names are recognised ({@code session_id}/{@code sessionId}/{@code thread_id};
 * {@code result}/{@code text}/{@code message}/{@code content} for the final message;
 * {@code is_error:true} or {@code type:"error"} for errors). Success is exit code 0 with no error.
 */
public final class CustomCli implements AgentCli {
    /** How much of a text-output tail is kept as the final message. */
    static final int TEXT_TAIL_CHARS = 64 * 1024;
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{(prompt|model|workdir)\\}");

    private final String name;
    private final ProviderConfig config;

    public CustomCli(String name, ProviderConfig config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String installHint() {
        return "install " + config.command().get(0) + " or fix providers." + name + ".command in bg-agents.json";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        boolean promptInArgs = false;
        for (String arg : config.args()) {
            promptInArgs |= arg.contains("{prompt}");
            // one pass, so placeholder names inside the prompt (or model, workdir) stay as written
            argv.add(PLACEHOLDER.matcher(arg).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                    switch (m.group(1)) {
                        case "prompt" -> request.prompt();
                        case "model" -> request.model() == null ? "" : request.model();
                        default -> request.workdir().toString();
                    })));
        }
        return new Invocation(argv, Map.of(), List.of(), !promptInArgs);
    }

    @Override
    public boolean hasSessions() {
        return "jsonl".equals(config.output());
    }

    @Override
    public StreamParser newParser() {
        return "jsonl".equals(config.output()) ? new JsonlParser() : new TextParser();
    }

    /** Keeps the last {@link #TEXT_TAIL_CHARS} characters of output as the final message. */
    static final class TextParser implements StreamParser {
        private final Deque<String> tail = new ArrayDeque<>();
        private int tailChars;
        private String last;

        @Override
        public void line(String line) {
            tail.addLast(line);
            tailChars += line.length() + 1;
            while (tailChars > TEXT_TAIL_CHARS && tail.size() > 1) {
                tailChars -= tail.removeFirst().length() + 1;
            }
            if (!line.isBlank()) {
                last = line;
            }
        }

        @Override
        public String sessionId() {
            return null;
        }

        @Override
        public String lastActivity() {
            return last == null ? null : "printed: " + Clip.oneLine(last, 60);
        }

        @Override
        public AgentReport finish(Integer exitCode, String stderrTail) {
            String message = String.join("\n", tail).strip();
            boolean ok = exitCode != null && exitCode == 0;
            String reason = ok ? null : exitCode == null ? "ended without an exit status"
                    : AgentReport.exitReason(exitCode, stderrTail);
            List<String> errors = ok || Clip.lastLine(stderrTail) == null ? List.of()
                    : List.of(Clip.oneLine(Clip.lastLine(stderrTail), 300));
            return new AgentReport(ok, reason, null, message.isEmpty() ? null : message, Usage.NONE,
                    List.of(), List.of(), errors, null);
        }
    }

    static final class JsonlParser implements StreamParser {
        private String sessionId;
        private String finalMessage;
        private final List<String> errors = new ArrayList<>();

        @Override
        public void line(String line) {
            JsonNode node = JsonLines.parse(line);
            if (node == null) {
                return;
            }
            for (String key : List.of("session_id", "sessionId", "thread_id")) {
                if (node.hasNonNull(key)) {
                    sessionId = node.get(key).asText();
                }
            }
            boolean isError = node.path("is_error").asBoolean(false) || "error".equals(node.path("type").asText());
            // an error event's text is an error, not the agent's answer
            for (String key : List.of("result", "text", "message", "content")) {
                if (!isError && node.get(key) != null && node.get(key).isTextual()) {
                    finalMessage = node.get(key).asText();
                    break;
                }
            }
            if (isError) {
                String text = node.path("error").isTextual() ? node.path("error").asText()
                        : node.path("message").asText(node.path("error").path("message").asText(line));
                if (errors.size() < 50) {
                    errors.add(Clip.oneLine(text, 300));
                }
            }
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public String lastActivity() {
            return finalMessage == null ? null : "said: " + Clip.oneLine(finalMessage, 60);
        }

        @Override
        public AgentReport finish(Integer exitCode, String stderrTail) {
            boolean ok = exitCode != null && exitCode == 0 && errors.isEmpty();
            String reason = ok ? null
                    : !errors.isEmpty() ? "error: " + errors.get(errors.size() - 1)
                    : exitCode == null ? "ended without an exit status"
                    : AgentReport.exitReason(exitCode, stderrTail);
            return new AgentReport(ok, reason, sessionId, finalMessage, Usage.NONE, List.of(), List.of(),
                    errors, null);
        }
    }
}
