package dev.bgagents.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shared by the adapter tests: captured CLI output under src/test/resources/fixtures/agent-output,
 * ways to feed it to a parser, and an argv check for the invocation tests.
 */
public final class Fixtures {
    public static final Path DIR = Path.of("src/test/resources/fixtures/agent-output");
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The lines of one captured file. */
    public static List<String> lines(String name) throws IOException {
        return Files.readAllLines(DIR.resolve(name));
    }

    /** Feeds stdout lines, then stderr lines, to the parser and finishes it with stderr as the tail. */
    public static AgentReport parse(StreamParser p, List<String> stdout, List<String> stderr, Integer exitCode) {
        stdout.forEach(p::line);
        stderr.forEach(p::stderrLine);
        return p.finish(exitCode, stderr.isEmpty() ? "" : String.join("\n", stderr) + "\n");
    }

    public static int indexOfLineContaining(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + needle);
    }

    /** Whether the arguments appear in argv next to each other in this order ("--model", "opus"). */
    public static boolean containsInOrder(List<String> argv, String... args) {
        return Collections.indexOfSubList(argv, List.of(args)) >= 0;
    }

    /** One JSON line, edited: a new line derived from a real one. */
    public static String edited(String line, Consumer<ObjectNode> edit) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            edit.accept(node);
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
