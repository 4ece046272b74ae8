package dev.bgagents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.HostClaude;
import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What real Claude Code (the pinned host) gives its model, printed, never asserted: over N
 * {@code claude -p} runs, whether the bg-agents tools were there on the first turn — loaded with
 * their schemas, or listed as deferred behind ToolSearch, or missing — with the shipped entry
 * ({@code "alwaysLoad": true}) and without it; the characters the tool definitions cost per turn;
 * and which tools ToolSearch finds for the words a user says. Usage: bench/host.sh [runs]
 */
public final class HostBench {
    private static final List<String> PHRASES = List.of("in the background", "delegate to codex", "run this plan",
            "worktree", "merge");

    private HostBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("bg-host-bench-");
        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "");
        String shipped = HostClaude.shippedMcpConfig();
        Path always = Files.writeString(dir.resolve("always.json"), shipped);
        Path plain = Files.writeString(dir.resolve("plain.json"), shipped.replaceAll(",\\s*\"alwaysLoad\": true", ""));
        System.out.printf("Claude Code %s -p, first turn, %d runs each%n", HostClaude.VERSION, runs);
        for (Path config : List.of(always, plain)) {
            int loaded = 0;
            int deferred = 0;
            int missing = 0;
            int definitionChars = 0;
            for (int i = 0; i < runs; i++) {
                JsonNode first = firstTurn(dir, project, config, List.of(new Say("ok")));
                int chars = 0;
                for (JsonNode t : first.path("tools")) {
                    if (t.path("name").asText().startsWith("mcp__bg-agents__")) {
                        chars += t.toString().length();
                    }
                }
                if (chars > 0) {
                    loaded++;
                    definitionChars = chars;
                } else if (first.toString().contains("mcp__bg-agents__spawn_agent")) {
                    deferred++;
                } else {
                    missing++;
                }
            }
            System.out.printf("  %-28s loaded %2d, deferred to ToolSearch %2d, missing %2d; definitions %d chars per turn%n",
                    config == always ? "shipped (alwaysLoad: true)" : "without alwaysLoad", loaded, deferred, missing,
                    definitionChars);
        }
        System.out.println("ToolSearch keyword queries without alwaysLoad (max_results 5): bg-agents tools found");
        for (String phrase : PHRASES) {
            try (HostModelMock model = new HostModelMock(List.of(new Call("ToolSearch",
                    "{\"query\": \"" + phrase + "\", \"max_results\": 5}"), new Say("ok")), List.of())) {
                run(dir, project, plain, model);
                String found = model.exchanges().isEmpty() ? "(no answer)" : model.exchanges().get(0).received();
                List<String> ours = java.util.regex.Pattern.compile("mcp__bg-agents__([a-z_]+)").matcher(found)
                        .results().map(m -> m.group(1)).distinct().toList();
                System.out.printf("  %-20s %s%n", "\"" + phrase + "\"", ours.isEmpty() ? "none" : String.join(", ", ours));
            }
        }
    }

    private static JsonNode firstTurn(Path dir, Path project, Path config, List<HostModelMock.Step> steps) throws Exception {
        try (HostModelMock model = new HostModelMock(steps, List.of())) {
            run(dir, project, config, model);
            return model.firstMainRequest();
        }
    }

    private static void run(Path dir, Path project, Path config, HostModelMock model) throws Exception {
        HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
        claude.run(project, 120, "-p", "What is running in the background?", "--mcp-config", config.toString(),
                "--strict-mcp-config", "--allowedTools", "mcp__bg-agents");
    }
}
