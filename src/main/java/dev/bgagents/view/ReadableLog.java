package dev.bgagents.view;

import dev.bgagents.agents.JsonLines;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.text.Clip;

import java.util.function.Consumer;

/**
 * A job's raw output as a person reads it: what the agent said, the files it wrote, the
 * commands it ran and how they exited, its errors — told by the CLI's own stream parser, so
 * each CLI's events read the same way. Lines that are not JSON (plain-text CLIs, stack traces)
 * are shown as they are, and so is every line when there is no parser for the CLI (a provider
 * the config no longer names).
 */
public final class ReadableLog {
    private static final int MAX_PLAIN = 300;
    private final StreamParser parser;
    private final Consumer<String> out;

    public ReadableLog(StreamParser parser, Consumer<String> out) {
        this(parser, out, null);
    }

    /** Paths under {@code workdir} (where the agent ran) are told relative to it. */
    public ReadableLog(StreamParser parser, Consumer<String> out, String workdir) {
        this.parser = parser;
        String prefix = workdir == null || workdir.isEmpty() ? null : workdir.endsWith("/") ? workdir : workdir + "/";
        this.out = prefix == null ? out : line -> out.accept(line.replace(prefix, ""));
        if (parser != null) {
            parser.narrate(this.out);
        }
    }

    /** One line of the job's stdout. */
    public void line(String line) {
        if (parser == null || JsonLines.parse(line) == null) {
            if (!line.isBlank()) {
                out.accept(Clip.oneLine(line, MAX_PLAIN));
            }
            return;
        }
        parser.line(line);
    }

    /** The output has ended (or the reader is leaving): what is still untold is told. */
    public void end() {
        if (parser != null) {
            parser.endNarration();
        }
    }
}
