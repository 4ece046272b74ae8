package dev.bgagents.agents.custom;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Observed;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.Usage;
import dev.bgagents.text.Clip;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Keeps the last {@link #TEXT_TAIL_CHARS} characters of output as the final message. */
public final class TextOutputParser implements StreamParser {
    /** How much of a text-output tail is kept as the final message. */
    public static final int TEXT_TAIL_CHARS = 64 * 1024;

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
        String reason = ok ? null : Observed.failureReason(exitCode == null ? "ended without an exit status" : null,
                exitCode, stderrTail, null);
        List<String> errors = new Observed().errorsOr(ok, stderrTail);
        return new AgentReport(ok, reason, null, message.isEmpty() ? null : message, Usage.NONE,
                List.of(), List.of(), errors, null);
    }
}
