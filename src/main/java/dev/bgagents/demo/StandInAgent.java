package dev.bgagents.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A stand-in for {@code claude -p --output-format stream-json} that needs no API key: it
 * prints the same kind of event stream, really writes NOTES.md in its working directory, and
 * ends with a {@code result} line. The demo runs it through the real claude adapter.
 */
public final class StandInAgent {
    private static final Set<String> FLAGS_WITH_VALUE = Set.of("--output-format", "--permission-mode", "--model",
            "--resume", "--allowedTools", "--max-turns", "--setting-sources");

    private StandInAgent() {
    }

    public static void main(String[] args) throws Exception {
        String prompt = null;
        for (int i = 0; i < args.length; i++) {
            if (FLAGS_WITH_VALUE.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                prompt = args[i];
            }
        }
        if (prompt == null) {
            prompt = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String session = UUID.randomUUID().toString();
        Path cwd = Path.of("").toAbsolutePath();
        out.println("{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":" + q(cwd.toString()) + ",\"session_id\":\""
                + session + "\",\"model\":\"stand-in\",\"permissionMode\":\"acceptEdits\"}");
        pause();
        List<String> files;
        try (Stream<Path> s = Files.list(cwd)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        String notes = "# Notes\n\nTask: " + prompt.strip().lines().findFirst().orElse("") + "\n\nFiles at the top of "
                + "this repository: " + String.join(", ", files) + "\n";
        Path target = cwd.resolve("NOTES.md");
        out.println(assistant(session, "{\"type\":\"text\",\"text\":\"I'll look at the repository and write NOTES.md.\"}"));
        pause();
        out.println(assistant(session, "{\"type\":\"tool_use\",\"id\":\"toolu_standin_1\",\"name\":\"Write\",\"input\":"
                + "{\"file_path\":" + q(target.toString()) + ",\"content\":" + q(notes) + "}}"));
        write(target, notes);
        out.println("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_standin_1\","
                + "\"type\":\"tool_result\",\"content\":\"File created successfully\"}]},\"session_id\":\"" + session + "\"}");
        pause();
        String result = "Wrote NOTES.md: it lists the " + files.size() + " files at the top of the repository.";
        out.println(assistant(session, "{\"type\":\"text\",\"text\":" + q(result) + "}"));
        out.println("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":2,\"result\":" + q(result)
                + ",\"session_id\":\"" + session + "\",\"total_cost_usd\":0,\"usage\":{\"input_tokens\":0,"
                + "\"output_tokens\":0},\"terminal_reason\":\"completed\"}");
    }

    private static String assistant(String session, String block) {
        return "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[" + block + "]},\"session_id\":\""
                + session + "\"}";
    }

    private static void write(Path target, String content) throws IOException {
        Files.writeString(target, content, StandardCharsets.UTF_8);
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(300);
    }

    /** A JSON string literal. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
