package dev.bgagents.agents;

import dev.bgagents.text.Clip;
import dev.bgagents.text.Printable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a stream parser has seen an agent do — files written, commands run, errors, its latest
 * act — kept small however much the agent prints, and the ladder every CLI's failure reason
 * climbs. Each CLI's parser reads its own event shapes into one of these.
 */
public final class Observed {
    static final int MAX_LISTED = 200;
    static final int MAX_ERRORS = 50;

    private final Set<String> files = new LinkedHashSet<>();
    private final List<CommandRun> commands = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private static final int MAX_SAID = 2000;
    private String lastActivity;
    private String saying;
    private String lastSaid;
    private Consumer<String> narration = line -> {
    };

    /**
     * Hears each act as it is seen, as one readable line ({@code tail} shows these rather than
     * the raw stream); the parser's own bookkeeping is unchanged.
     */
    public void narrate(Consumer<String> lines) {
        this.narration = lines;
    }

    /**
     * A whole message the agent said (claude's text blocks, codex's agent messages, opencode's text
     * parts): told at once and in order, so an agent that only talks is heard message by message.
     */
    public void said(String message) {
        endNarration();
        lastActivity = "said: " + Clip.oneLine(message, 60);
        if (message != null && !message.isBlank()) {
            lastSaid = message;
            String text = message.strip();
            narration.accept("said: " + (text.length() > MAX_SAID ? text.substring(0, MAX_SAID) + "…" : text));
        }
    }

    /**
     * What the agent said so far of a message it is still streaming (gemini's deltas): it grows
     * delta by delta, so it is told once, whole, when it ends — when the agent moves on, another
     * message begins ({@link #endNarration}) or the output ends.
     */
    public void saying(String soFar) {
        lastActivity = "said: " + Clip.oneLine(soFar, 60);
        saying = soFar;
    }

    /** The final answer a CLI gives apart from its messages (claude's result): told unless just said. */
    public void answered(String text) {
        if (text != null && !text.isBlank() && !text.equals(saying) && !text.equals(lastSaid)) {
            String before = lastActivity;
            said(text);
            lastActivity = before; // the last act stays what the agent did
        }
    }

    /** Tells what is still untold: the message the agent was streaming. */
    public void endNarration() {
        String untold = saying;
        saying = null;
        if (untold != null && !untold.isBlank()) {
            String before = lastActivity;
            said(untold);
            lastActivity = before;
        }
    }

    private void tell(String line) {
        endNarration();
        narration.accept(line);
    }

    /** A file the agent says it wrote, named as it is shown ({@link Printable#name}): the name is its choice. */
    public void file(String path) {
        if (path != null && !path.isEmpty() && files.size() < MAX_LISTED) {
            files.add(Printable.name(path));
        }
    }

    /** Records a command; its index for {@link #commandEnded}, or -1 once the list is full. */
    public int command(String command, Integer exitCode, boolean failed) {
        if (commands.size() >= MAX_LISTED) {
            return -1;
        }
        commands.add(new CommandRun(command, exitCode, failed));
        if (exitCode != null || failed) {
            tell("$ " + Clip.oneLine(command, 100) + " -> " + (exitCode != null ? "exit " + exitCode : "failed"));
        }
        return commands.size() - 1;
    }

    public void commandEnded(int index, Integer exitCode, boolean failed) {
        if (index >= 0 && index < commands.size()) {
            tell("$ " + Clip.oneLine(commands.get(index).command(), 100) + " -> "
                    + (exitCode != null ? "exit " + exitCode : failed ? "failed" : "done"));
            commands.set(index, new CommandRun(commands.get(index).command(), exitCode, failed));
        }
    }

    public void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(Clip.oneLine(message, 300));
        }
        tell("error: " + Clip.oneLine(message, 300));
    }

    public void activity(String what) {
        lastActivity = what;
        // commands and errors are told by command/commandEnded and error, with their outcome
        if (what != null && !what.startsWith("$ ") && !what.startsWith("error: ")) {
            tell(what);
        }
    }

    public String lastActivity() {
        return lastActivity;
    }

    public List<String> files() {
        return List.copyOf(files);
    }

    public List<CommandRun> commands() {
        return commands;
    }

    public List<String> errors() {
        return errors;
    }

    public String lastError() {
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }

    /** The errors, and for a failed run that named none, the last line the CLI wrote on stderr. */
    public List<String> errorsOr(boolean ok, String stderrTail) {
        List<String> out = new ArrayList<>(errors);
        String last = Clip.lastLine(stderrTail);
        if (!ok && out.isEmpty() && last != null) {
            out.add(Clip.oneLine(last, 300));
        }
        return out;
    }

    /**
     * Why a run failed: what its stream stated (the CLI's own words, explained), else how it
     * exited, else that it was cut off before it finished.
     */
    public static String failureReason(String stated, Integer exitCode, String stderrTail, String cutOff) {
        if (stated != null) {
            return stated;
        }
        if (exitCode != null && exitCode != 0) {
            return AgentReport.exitReason(exitCode, stderrTail);
        }
        return cutOff;
    }
}
